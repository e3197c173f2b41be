"""How long a 10,000-row customer import takes (a benchmark, not a test).

    .venv/bin/python bench/import_10k.py                      # SQLite in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python bench/import_10k.py
    BENCH_ROWS=2000 BENCH_OWNED_EVERY=0 .venv/bin/python bench/import_10k.py   # smaller, no owners

It works on a database of its own (an SQLite file under /tmp, or a PostgreSQL database whose
name ends in "bench", created when missing) which it empties first: never point it at real
data. It builds a 10,000-row .xlsx in memory, then times what the upload page and the task
worker do: read and count the file, import it (first run: every row new, half of them with
an owner), and import it again (every row already there).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

from benchdb import prepare_database as _prepare_database

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
# Every Nth row names an owner (0: none), so the cost of recording owners shows apart.
OWNED_EVERY = int(os.environ.get("BENCH_OWNED_EVERY", "2"))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/crm_import_bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="crm-bench-media-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")


def _workbook(owners: list[str], regions: list[str]) -> bytes:
    from openpyxl import Workbook

    from customers.services.imports.columns import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    sheet.append([column.header for column in COLUMNS])
    surnames, given = "王李张刘陈杨黄赵吴周", ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强"]
    for n in range(ROWS):
        sheet.append(
            [
                surnames[n % 10] + given[n % 8] + str(n),
                "机构" if n % 7 == 0 else "个人",
                f"139{n:08d}",
                f"c{n}@example.com" if n % 3 == 0 else None,
                f"单位{n % 400}",
                regions[n % len(regions)],
                f"朝阳路{n}号",
                ("媒体或网络", "转介绍", "活动", "电话销售")[n % 4],
                owners[n % len(owners)] if OWNED_EVERY and n % OWNED_EVERY == 0 else None,
                "2026-01-15",
                "是" if n % 10 == 0 else "否",
                f"{n % 5000}.50" if n % 4 == 0 else None,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    _prepare_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from crm import roles
    from customers.forms.imports import ImportUploadForm
    from customers.models import Customer, ImportJob, ImportStatus
    from customers.services.imports.job import import_job_run
    from tests.factories import RegionFactory, UserFactory

    call_command("migrate", verbosity=0)
    manager = UserFactory(username="manager", roles=[roles.SALES_MANAGER])
    owners = [UserFactory(username=f"rep{i}", roles=[roles.REP]).username for i in range(20)]
    regions = [RegionFactory(code=f"region-{i}", name=f"区域{i}").name for i in range(30)]
    content = _workbook(owners, regions)
    owned = ROWS // OWNED_EVERY if OWNED_EVERY else 0
    print(f"{connection.vendor}: {ROWS} rows ({owned} with an owner), {len(content) // 1024} KiB")

    def timed(label, run):
        started = time.perf_counter()
        result = run()
        print(f"  {label:<44} {time.perf_counter() - started:6.2f} s")
        return result

    def upload_and_import(label):
        upload = SimpleUploadedFile("customers.xlsx", content)
        form = ImportUploadForm(files={"file": upload}, data={})
        assert timed("upload form: read and count the rows", form.is_valid), form.errors
        job = ImportJob(original_name="customers.xlsx", uploaded_by=manager)
        job.total_rows = form.total_rows
        upload.seek(0)
        job.file.save("bench.xlsx", upload)
        job = timed(label, lambda: import_job_run(job=job, now=timezone.now()))
        assert job.status == ImportStatus.DONE, job.message
        print(
            f"    created {job.created_rows}, updated {job.updated_rows}, "
            f"unchanged {job.skipped_rows}, errors {job.error_rows}"
        )

    upload_and_import("import: every row new")
    upload_and_import("import again: every row already there")
    print(f"  customers in the database: {Customer.objects.count()}")


if __name__ == "__main__":
    main()
