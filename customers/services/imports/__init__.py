"""Customer import from .xlsx / .csv and the logged export to .xlsx (INTAKE-8, SEAL-2, SEAL-3),
one module per concept:

- `columns`: the column vocabulary (headers in Chinese or English, the words for choices);
- `reading`: reading a spreadsheet's rows by that vocabulary;
- `job`: the import job, chunk by chunk, each row validated by `ImportRowForm`;
- `rows`: writing a chunk of validated rows (the same customer found again, its owner);
- `export`: the workbooks written (template, error report, customer export).

Callers import from the module that holds a name. This package re-exports nothing: the row
form (customers/forms/imports.py) reads the vocabulary and the job uses the form, so a
package that imported the job would make the form's import of the vocabulary circular.
"""
