"""Limits on the files the app and the CLI read, in one place.

Every limit is checked *before* a file is read in full, so a hostile or broken file costs
bounded memory and time: the file size from the file system, the zip sizes from the zip's
central directory (and again while extracting, in case the directory lies), the feature
count from GDAL's layer info, and the vertices by streaming the geometries in batches.
A file over a limit is refused with a message that names the limit; nothing is read.

The numbers leave room for the largest real inputs: the national buurten map (~15,000
features at full resolution, a few million vertices in all) and the CBS GeoPackage with
gemeenten, wijken and buurten.
"""

from __future__ import annotations

MB = 1024 * 1024

#: Largest upload in the app; the same as Streamlit's ``server.maxUploadSize`` default (200 MB).
MAX_UPLOAD_BYTES = 200 * MB

#: Largest boundary file (GeoJSON, GeoPackage, zip, FlatGeobuf, ...) the engine reads from disk.
MAX_FILE_BYTES = 512 * MB

#: Largest indicator table (CSV, XLSX, JSON): tables are read whole into memory.
MAX_TABLE_BYTES = 100 * MB

#: Largest microdata file (Parquet, CSV): DuckDB streams it, so the limit is the disk's, not the memory's.
MAX_MICRODATA_BYTES = 64 * 1024 * MB

#: Most cells (rows x columns) in one indicator table.
MAX_TABLE_CELLS = 5_000_000

#: Most features in one layer of a boundary file (the national buurten map has ~15,000).
MAX_FEATURES = 100_000

#: Most vertices in one feature (the largest real gemeente at full resolution has tens of thousands).
MAX_VERTICES_PER_FEATURE = 500_000

#: Most vertices in one layer, all features together.
MAX_VERTICES_TOTAL = 25_000_000

#: Most members (files and folders) in a zip file (a zipped Shapefile has 4 to 8).
MAX_ZIP_MEMBERS = 1_000

#: Largest total uncompressed size of a zip file's members (zip bombs), also for an .xlsx workbook.
MAX_ZIP_UNCOMPRESSED = 512 * MB

#: Zips inside a zip are not opened: the user unzips the outer one (nesting depth 0).
MAX_ZIP_NESTING = 0


def megabytes(size: int) -> str:
    """A size in whole megabytes for messages, e.g. ``'200 MB'``."""
    return f"{size / MB:,.0f} MB".replace(",", ".")
