"""`export DIR`: the corpus as a folder a trainer uses as it is.

- `records`: the corpus read for export, each record with its provenance (`read_records`).
- `splits`: the flows' draw into train and validation, code groups and the overlap report.
- `chatml`: the shipped chat template and the same rendering in Python.
- `tokens`: token counts (exact through a `tokenizer.json`, else estimated) and their figures.
- `card`: the dataset card; `licenses`: the LICENSE (upstream notice, hand-written text's terms).
- `folder`: the staging folder, the marker of an export and the move into place.
- `tables`: the data files (JSON Lines, and Parquet through pyarrow).
- `report`: what was asked and written (`Options`, `ExportReport`, `summary` for the command).
- `build`: the whole export (`export`).

Import the submodules themselves: this package imports nothing.
"""
