"""The import's column vocabulary (INTAKE-8): the template's columns, the words it
offers for choices, and how a header cell is recognised in Chinese or English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from customers.models import (
    CustomerKind,
    InformationSource,
)


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the template's (Chinese) header
    # Shown on pages and in the error report; in zh-hans the same words as the header.
    label: str
    aliases: tuple[str, ...]  # other headers accepted, Chinese or English
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "名称",
        pgettext_lazy("import column", "Name"),
        ("姓名", "客户名称", "客户姓名", "姓名/名称", "Name", "Customer name", "Customer"),
        required=True,
    ),
    Column(
        "kind",
        "类型",
        pgettext_lazy("import column", "Kind"),
        ("客户类型", "Kind", "Type", "Customer kind"),
    ),
    Column(
        "phone",
        "电话",
        pgettext_lazy("import column", "Phone"),
        (
            "手机",
            "手机号",
            "手机号码",
            "联系电话",
            "电话号码",
            "Phone",
            "Mobile",
            "Telephone",
            "Tel",
        ),
    ),
    Column(
        "email",
        "电子邮箱",
        pgettext_lazy("import column", "E-mail"),
        ("邮箱", "电子邮件", "E-mail", "Email", "Mail"),
    ),
    Column(
        "organisation",
        "单位",
        pgettext_lazy("import column", "Organisation"),
        (
            "工作单位",
            "单位名称",
            "机构名称",
            "机构",
            "公司",
            "Organisation",
            "Organization",
            "Company",
        ),
    ),
    Column(
        "region",
        "区域",
        pgettext_lazy("import column", "Region"),
        ("地区", "区域代码", "Region", "Region code"),
    ),
    Column(
        "address",
        "地址",
        pgettext_lazy("import column", "Address"),
        ("住址", "联系地址", "Address"),
    ),
    Column(
        "source",
        "信息来源",
        pgettext_lazy("import column", "Information source"),
        ("来源", "客户来源", "Information source", "Source"),
    ),
    Column(
        "owner",
        "归属人",
        pgettext_lazy("import column", "Owner"),
        ("归属人用户名", "负责人", "Owner", "Owner username", "Username"),
    ),
    Column(
        "first_contact_on",
        "首次接触日期",
        pgettext_lazy("import column", "First contact date"),
        ("首问日期", "首次接触", "First contact date", "First contact", "First contacted"),
    ),
    Column(
        "is_key_customer",
        "重点客户",
        pgettext_lazy("import column", "Key customer"),
        ("是否重点客户", "Key customer", "Key"),
    ),
    Column(
        "prior_purchases",
        "以往购买金额（元）",
        pgettext_lazy("import column", "Prior purchases (yuan)"),
        ("以往购买金额", "以往购买", "历史购买金额", "Prior purchases (yuan)", "Prior purchases"),
    ),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}

# The words the template offers for choices; the import also accepts the values, their
# labels in both languages and the usual synonyms (see customers/forms/imports.py).
KIND_WORDS = {CustomerKind.PERSON: "个人", CustomerKind.ORGANISATION: "机构"}
SOURCE_WORDS = {
    InformationSource.MEDIA: ("媒体或网络", "媒体", "网络", "媒体/网络", "网络媒体"),
    InformationSource.AGENCY: ("中介机构", "中介", "代理机构"),
    InformationSource.ASSOCIATION: ("协会", "社团"),
    InformationSource.PARTNER: ("合作伙伴", "商业伙伴"),
    InformationSource.PERSONAL: ("人际关系", "个人关系", "私人关系"),
    InformationSource.EVENT: ("活动", "会销活动"),
    InformationSource.REFERRAL: ("转介绍", "推荐", "介绍"),
    InformationSource.TELESALES: ("电话销售", "电销"),
}
YES_WORD, NO_WORD = "是", "否"

_HEADER_NOISE = re.compile(r"[\s*:：]+")
_PARENTHESISED = re.compile(r"\(.*?\)")


def header_key(text: str) -> str:
    """The form in which headers are compared: width-, case- and space-insensitive."""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


def _header_keys(text: str) -> set[str]:
    key = header_key(text)
    return {key, _PARENTHESISED.sub("", key)} - {""}


_FIELD_BY_HEADER: dict[str, str] = {}
for _column in COLUMNS:
    for _text in (_column.header, _column.field, *_column.aliases):
        for _key in _header_keys(_text):
            _FIELD_BY_HEADER.setdefault(_key, _column.field)


def field_for_header(text) -> str | None:
    if text is None:
        return None
    for key in _header_keys(str(text)):
        if key in _FIELD_BY_HEADER:
            return _FIELD_BY_HEADER[key]
    return None
