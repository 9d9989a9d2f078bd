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
