// The app's map: one Leaflet map in the page itself (a Streamlit v2 component, no frame), kept
// across the app's reruns. wvDrawDistricts (webmap.js) and WV_LEAFLET, the address the app serves
// Leaflet at, come before this module's code in the same script (maps/webmap.py, component_js).
// The page starts loading Leaflet when it opens (ui/assets.py); a map that comes first waits.
//
// Python sends the map's data as JSON bytes. The districts' shapes travel once per session: a
// map of districts this page already has gets only their key (geometryKey), and is restyled in
// place when the districts are the same as on screen. A page that lacks the shapes (it keeps the
// last eight) asks for them with the trigger "missing".
const SHAPES = (window.wvShapes = window.wvShapes || new Map());
const KEEP_SHAPES = 8;  // geometries kept per page: years and levels a user switches between

function rememberShapes(key, shapes) {
  SHAPES.delete(key);
  SHAPES.set(key, shapes);
  while (SHAPES.size > KEEP_SHAPES) SHAPES.delete(SHAPES.keys().next().value);
}

// The options that need a new Leaflet map when they change (everything else is restyled).
function layout(D) {
  return [D.geometryKey, D.basemap ? D.basemap.tiles : "", D.pageScroll, D.keepView, D.link, D.area].join("|");
}

let leafletLoading = null;

// window.L once Leaflet is there: the page's own script tag, or one added here (same address)
function leafletReady() {
  if (window.L) return Promise.resolve();
  if (!leafletLoading) {
    leafletLoading = new Promise((resolve, reject) => {
      let script = document.getElementById("wv-leaflet");
      const done = () => (window.L ? resolve() : reject());
      if (script && script.dataset.done) return done();  // the page's tag had its turn: Leaflet is not coming
      if (!script) {
        script = Object.assign(document.createElement("script"), {id: "wv-leaflet", src: WV_LEAFLET});
        document.head.appendChild(script);
      }
      script.addEventListener("load", done);
      script.addEventListener("error", done);
    });
  }
  return leafletLoading;
}

export default function (component) {
  if (!window.L) {
    // only the newest data of this place is drawn once Leaflet is there
    component.parentElement.wvPending = component;
    leafletReady().then(() => {
      if (component.parentElement.wvPending === component) show(component);
    }, () => {  // the app was started without ui/assets.py's middleware: say so, in the page's language
      const D = JSON.parse(new TextDecoder().decode(component.data));
      const note = Object.assign(document.createElement("p"), {role: "alert", textContent: D.noLeaflet});
      component.parentElement.replaceChildren(note);
      if (D.reportPainted) component.setTriggerValue("painted", true);  // nothing to wait for: the rest of the page
    });
    return;
  }
  component.parentElement.wvPending = null;
  show(component);
}

function show(component) {
  const {data, parentElement, setTriggerValue, setStateValue} = component;
  const D = JSON.parse(new TextDecoder().decode(data));
  if (D.shapes) rememberShapes(D.geometryKey, D.shapes);
  else if (SHAPES.has(D.geometryKey)) D.shapes = SHAPES.get(D.geometryKey);
  else { setTriggerValue("missing", D.geometryKey); return; }
  D.onSelect = (code) => setTriggerValue("clicked", code);

  let box = parentElement.querySelector(".wv-map");
  if (!box) {
    box = document.createElement("div");
    box.className = "wv-map";
    parentElement.appendChild(box);
    new ResizeObserver(() => {
      if (!box.clientWidth || !box.clientHeight) return;  // hidden for a moment while the app reruns
      if (box.wvMap) box.wvMap.invalidateSize({animate: false});
      else if (box.wvWaiting) box.wvWaiting();
    }).observe(box);
  }
  // Sized here, not by the stylesheet, which may arrive after this runs: Leaflet needs pixels now.
  // In presentation mode the map takes the screen's height less a slide's title, footer and buttons.
  box.style.position = "relative";
  box.style.height = D.fill ? "max(240px, calc(100vh - 18.5rem))" : D.height + "px";
  box.classList.toggle("wv-map-fill", !!D.fill);
  box.classList.toggle("wv-map-blank", !D.basemap);  // white, not Leaflet's grey, without a basemap
  // the page left its other parts for after the first map: tell it once this one is on screen
  if (D.reportPainted) requestAnimationFrame(() => requestAnimationFrame(() => setTriggerValue("painted", true)));
  if (box.wvDrawn && box.wvLayout === layout(D)) {
    box.wvDrawn.update(D);  // with this run's trigger for clicks
    return;
  }
  if (box.wvMap) { box.wvMap.remove(); box.wvMap = box.wvDrawn = null; }
  box.replaceChildren();
  if (!box.clientWidth || !box.clientHeight) {
    // not laid out yet (a page's styles still coming): Leaflet cannot fit an area into no pixels
    box.wvWaiting = () => drawMap(box, D, setStateValue);
    return;
  }
  drawMap(box, D, setStateValue);
}

function drawMap(box, D, setStateValue) {
  box.wvWaiting = null;
  const element = document.createElement("div");
  element.className = "wv-map-canvas";
  element.style.cssText = "position:absolute;inset:0";
  box.appendChild(element);
  const map = L.map(element, {preferCanvas: true, zoomSnap: 0.25, attributionControl: !!D.basemap});
  L.control.scale({imperial: false, metric: true}).addTo(map);
  if (D.basemap) L.tileLayer(D.basemap.tiles, {attribution: D.basemap.attr, maxZoom: D.basemap.max_zoom}).addTo(map);
  box.wvMap = map;
  box.wvDrawn = wvDrawDistricts(map, D);
  box.wvLayout = layout(D);
  // shapes drawn quickly while the layer is prepared (ui/caches.py shown_layer); the page sends the prepared ones
  if (D.draft) element.dataset.draft = "1";
  if (D.trackView) {
    // Where the user looks, for a saved view: centre, zoom and the area in view (west, south,
    // east, north), told once drawn and after every move (each report reruns the app's page).
    let told = "";
    const tell = () => {
      const c = map.getCenter(), b = map.getBounds();
      const view = {lat: c.lat, lng: c.lng, zoom: map.getZoom(),
                    extent: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]};
      if (JSON.stringify(view) === told) return;
      told = JSON.stringify(view);
      setStateValue("view", view);
    };
    map.on("moveend", tell);
    tell();
  }
}
