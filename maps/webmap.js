// Wijkverkenner's web map: every district of a choropleth as one canvas polygon, with tooltips,
// a legend, click-to-select, and a view kept across the app's redraws (maps/webmap.py hands it
// the map and the data as D: codes, encoded rings, class per district, colours, legend, texts).
// User text arrives as JSON and is only ever put into the page with textContent; the legend
// arrives as HTML escaped in Python. It returns {update(N)}: new colours, legend, tooltips and
// selection on the same districts, without drawing the geometry again (the app's map component).
function wvDrawDistricts(map, D) {
  var renderer = L.canvas({padding: 0.5, tolerance: 2});
  var hatch = (function() {  // canvas fill pattern: grey with diagonal lines, for secret districts
    var c = document.createElement("canvas"); c.width = c.height = 6;
    var g = c.getContext("2d"); g.fillStyle = D.secret; g.fillRect(0, 0, 6, 6);
    g.strokeStyle = "rgba(0,0,0,0.45)"; g.lineWidth = 1;
    g.beginPath(); g.moveTo(0, 6); g.lineTo(6, 0); g.stroke();
    return g.createPattern(c, "repeat");
  })();
  function decode(s) {
    var pts = [], i = 0, lat = 0, lng = 0;
    while (i < s.length) {
      var r = 0, sh = 0, b;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lat += (r & 1) ? ~(r >> 1) : (r >> 1);
      r = 0; sh = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lng += (r & 1) ? ~(r >> 1) : (r >> 1);
      pts.push([lat / 1e5, lng / 1e5]);
    }
    return pts;
  }
  function styleOf(i) {
    var c = D.classes[i];
    var st = {weight: 0.6, color: D.outline, opacity: 0.9, fillOpacity: 0.85,
              fillColor: c >= 0 ? D.palette[c] : (c === D.secretClass ? hatch : D.missing)};
    if (c === D.secretClass) { st.dashArray = "3 3"; st.weight = 1; }
    if (D.codes[i] === D.selected) { st.weight = 3; st.color = D.highlight; st.dashArray = null; }
    return st;
  }
  function tip(i) {
    var box = document.createElement("div"), lines = D.tips[i];
    for (var j = 0; j < lines.length; j++) {
      var line = document.createElement(j === 0 ? "strong" : "div");
      line.textContent = lines[j];
      box.appendChild(line);
    }
    return box;
  }
  var group = L.featureGroup(), byCode = {};
  for (var i = 0; i < D.codes.length; i++) {
    var rings = D.shapes[i].map(function(p) { return p.map(decode); });
    // smoothFactor 0 and noClip: the geometry is already simplified for the screen; Leaflet's
    // own simplification and clipping would only cost time on the first draw.
    var poly = L.polygon(rings, Object.assign({renderer: renderer, smoothFactor: 0, noClip: true}, styleOf(i)));
    poly.wvIndex = i;
    byCode[D.codes[i]] = poly;
    group.addLayer(poly);
  }
  // One tooltip and one click handler for the whole group, not one per district.
  group.bindTooltip(function(layer) { return tip(layer.wvIndex); }, {sticky: true});
  group.on("click", function(e) {
    var code = D.codes[e.layer.wvIndex];
    select(code);
    if (D.onSelect) D.onSelect(code);
  });
  function select(code) {
    var previous = D.selected;
    D.selected = code;
    if (byCode[previous]) byCode[previous].setStyle(styleOf(byCode[previous].wvIndex));
    if (byCode[code]) { byCode[code].setStyle(styleOf(byCode[code].wvIndex)); byCode[code].bringToFront(); }
    map.getContainer().dataset.selected = code || "";
  }
  var legend = L.control({position: "bottomright"}), legendBox = null;
  legend.onAdd = function() {
    var div = legendBox = L.DomUtil.create("div", "wv-legend");
    div.innerHTML = D.legend;
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(map);
  // Fit before drawing (projecting every polygon at zoom 1 first costs a second), leaving room
  // for the legend so it does not cover districts. A rerun of the app draws the map anew on the
  // same page (after a click, another indicator): it opens where the user had zoomed to, as long
  // as it shows the same area. The app's page outlives the map's frame, so the view is kept there.
  var page = (function() {
    try { return window.parent.document ? window.parent : window; } catch (e) { return window; }
  })();
  var kept = page.wvKeptViews = page.wvKeptViews || {}, area = D.area || String(D.bounds);
  var fitting = false;
  function fitArea() {
    var room = legend.getContainer().offsetWidth + 20;
    var width = map.getSize().x;
    if (!width || !map.getSize().y) {  // no pixels to fit the area into (hidden for a moment): keep the view
      if (!map._loaded) map.setView(L.latLngBounds(D.bounds).getCenter(), 12, {animate: false});
      return;
    }
    fitting = true;
    map.fitBounds(D.bounds, {paddingBottomRight: [room < width / 2 ? room : 0, 0], paddingTopLeft: [10, 10],
                             animate: false});
    fitting = false;
  }
  // Until the user (or a map it follows) moves it, the map fits the area again whenever the app
  // resizes its frame, which it does after the first draw.
  map.wvFitted = !(D.keepView && kept[area] && !D.view && !D.zoomToSelected);
  if (map.wvFitted) fitArea(); else map.setView(kept[area].center, kept[area].zoom, {animate: false});
  map.on("dragstart zoomstart", function() { if (!fitting) map.wvFitted = false; });
  map.on("resize", function() { if (map.wvFitted) fitArea(); });
  if (D.keepView) {
    // Maps of the same area side by side (two years, two indicators) move together.
    var alive = function(m) {  // a map whose frame the app has removed has no window any more
      try { return !!m.getContainer().ownerDocument.defaultView && m.getContainer().isConnected; }
      catch (e) { return false; }
    };
    page.wvMaps = (page.wvMaps || []).filter(alive);
    page.wvMaps.push(map);
    map.on("moveend", function() {
      if (fitting) return;  // fitting to a resized frame is this map's own affair
      kept[area] = {center: map.getCenter(), zoom: map.getZoom()};
      if (page.wvMoving) return;  // this map follows another one
      page.wvMoving = true;
      try {
        page.wvMaps.forEach(function(other) {
          if (other !== map && other.wvArea === area && alive(other)) {
            other.wvFitted = map.wvFitted;
            other.setView(map.getCenter(), map.getZoom(), {animate: false});
          }
        });
      } finally { page.wvMoving = false; }
    });
  }
  map.wvArea = area;
  group.addTo(map);
  if (D.selected && byCode[D.selected]) {
    byCode[D.selected].bringToFront();
    if (D.zoomToSelected) map.fitBounds(byCode[D.selected].getBounds(), {maxZoom: 15, padding: [40, 40]});
  }
  if (D.view) map.setView([D.view[0], D.view[1]], D.view[2]);
  if (D.view || D.zoomToSelected) map.wvFitted = false;  // a chosen view stays as it is
  if (D.link) {
    // The app's address carries where the user looks (kaart=lat,lng,zoom), so a copied link opens
    // there; written by the page itself, without a round trip to the server.
    var writeLink = function() {
      if (map.wvFitted) return;
      try {
        var url = new URL(page.location.href), c = map.getCenter();
        url.searchParams.set("kaart", [c.lat.toFixed(5), c.lng.toFixed(5), +map.getZoom().toFixed(2)].join(","));
        page.history.replaceState(page.history.state, "", url.toString());
      } catch (e) { /* an address that cannot be written leaves the map as it is */ }
    };
    map.on("moveend", function() { if (!fitting) writeLink(); });
    writeLink();
  }
  var hint = null;
  if (D.pageScroll) {
    // Over a map in a page, the wheel scrolls the page, as on most web maps: the map zooms with
    // Ctrl (or Cmd) held, or once it has focus (a click or Tab); otherwise a hint says so.
    map.scrollWheelZoom.disable();
    var box = map.getContainer(), timer = null;
    hint = L.DomUtil.create("div", "wv-wheel-hint", box);
    hint.textContent = D.wheelHint;
    hint.setAttribute("aria-hidden", "true");
    box.addEventListener("wheel", function(e) {
      if (e.ctrlKey || e.metaKey || document.activeElement === box) {
        e.preventDefault();
        map.setZoomAround(map.mouseEventToContainerPoint(e), map.getZoom() + (e.deltaY < 0 ? 0.5 : -0.5));
        return;
      }
      hint.classList.add("wv-shown");
      window.clearTimeout(timer);
      timer = window.setTimeout(function() { hint.classList.remove("wv-shown"); }, 1500);
    }, {passive: false});
  }
  // the map's name for screen readers: what it shows, in a sentence (the page has the table beside it)
  map.getContainer().setAttribute("role", "region");
  map.getContainer().setAttribute("aria-label", D.description || "");
  map.wijkverkenner = {layers: byCode, select: select, count: D.codes.length};
  map.getContainer().wvMap = map;  // found from the page: document.querySelector('[data-painted]').wvMap
  map.getContainer().dataset.districts = String(D.codes.length);
  map.getContainer().dataset.selected = D.selected || "";
  function painted() {
    map.getContainer().dataset.painted = "0";
    window.requestAnimationFrame(function() {
      window.requestAnimationFrame(function() { map.getContainer().dataset.painted = "1"; });
    });
  }
  painted();
  // Another indicator, class or year on the same districts: only colours, legend, tooltips,
  // selection and description change; the polygons stay and are restyled in one canvas redraw.
  function update(N) {
    var before = D.selected;
    var changing = ["classes", "palette", "tips", "names", "legend", "description", "selected", "onSelect"];
    changing.forEach(function(name) { D[name] = N[name]; });
    legendBox.innerHTML = D.legend;
    for (var code in byCode) byCode[code].setStyle(styleOf(byCode[code].wvIndex));
    if (D.selected && byCode[D.selected]) {
      byCode[D.selected].bringToFront();
      if (N.zoomToSelected && D.selected !== before) {  // a search's district, once: the user may move on
        map.wvFitted = false;
        map.fitBounds(byCode[D.selected].getBounds(), {maxZoom: 15, padding: [40, 40]});
      }
    }
    if (N.view) { map.wvFitted = false; map.setView([N.view[0], N.view[1]], N.view[2]); }
    map.getContainer().setAttribute("aria-label", D.description || "");
    map.getContainer().dataset.selected = D.selected || "";
    if (hint) hint.textContent = N.wheelHint;  // the app's language may have changed
    painted();
  }
  return {update: update};
}
