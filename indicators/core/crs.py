"""The coordinate systems Dutch district files come in, named once.

CBS and PDOK publish in RD New (Amersfoort / RD New, EPSG:28992, metres); web maps and many
exports use WGS84 degrees (EPSG:4326). Everything the product stores or computes areas in is RD
New; everything drawn on the web map is WGS84.
"""

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"
WEB_MERCATOR = "EPSG:3857"

# RD New covers the Netherlands with x in 0..300 km and y in 289..629 km; WGS84 degrees never
# reach those numbers, so coordinates in this box are RD whatever the file claims.
RD_BOUNDS = (-10_000, 280_000, 310_000, 640_000)

# Other metre systems Dutch files come in, by the box (west, south, east, north) the Netherlands
# covers in each: recognised by their numbers when a file declares no CRS. The boxes do not overlap
# RD's or each other's.
RECOGNISED_BY_RANGE = {
    WEB_MERCATOR: (300_000, 6_500_000, 850_000, 7_150_000),  # web maps, PDOK tiles, many exports
    "EPSG:3035": (3_850_000, 3_000_000, 4_200_000, 3_450_000),  # ETRS89 / LAEA Europe (Eurostat)
}
# Metres in these boxes cannot be told apart by their numbers: the file must say which it is.
AMBIGUOUS_BY_RANGE = {
    "EPSG:32631 (UTM 31N) or EPSG:32632 (UTM 32N)": (150_000, 5_600_000, 850_000, 6_000_000),
}


def within(bounds, box) -> bool:
    """True when ``bounds`` (minx, miny, maxx, maxy) lie inside ``box`` (west, south, east, north)."""
    minx, miny, maxx, maxy = bounds
    return box[0] <= minx and maxx <= box[2] and box[1] <= miny and maxy <= box[3]
