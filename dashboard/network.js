// The Network page's graph: a Streamlit Custom Component v2 around vis-network.
//
// Streamlit calls this function on the first draw and again whenever the data changes, with the same
// parentElement. The first call builds one vis Network; later calls update its nodes and edges in place
// (no new page, no flash). vis-network is imported once from the app's static files and cached by the
// browser. Nodes and edges come as columns (graph_draw.Catalogue.sent: each distinct string once); unpacked, labels and
// tooltips are strings: vis-network shows a string title with innerText, as text.
// Events go back to Python as triggers: "node" (an actor's id) and "edge" (a tie's rel_id).

const networks = new WeakMap(); // parentElement -> {network, nodes, edges}
let library = null; // the vis-network module, imported once per page

function removeGone(set, items) {
  // Remove what left the view; what stays keeps its place (and the camera stays).
  const wanted = new Set(items.map((item) => item.id));
  const gone = set.getIds().filter((id) => !wanted.has(id));
  if (gone.length) set.remove(gone);
}

function unpack(table, text) {
  // graph_draw.Catalogue.sent's table back into vis items: a column per key, a cell per item; "n" as it
  // is, "t" the number of a string (or settings) in `text`, "p" the tooltips as [the numbers of every
  // item's pieces, each item's count of them]. Every value is a string or plain settings; a tooltip is a
  // string again, which vis-network shows with innerText. null: the item has no such key.
  const items = Array.from({ length: table.count }, () => ({}));
  table.keys.forEach((key, c) => {
    const kind = table.kinds[c];
    const cells = table.columns[c];
    if (kind === "p") {
      const [flat, lengths] = cells;
      let at = 0;
      for (let i = 0; i < items.length; i += 1) {
        const end = at + lengths[i];
        const parts = new Array(lengths[i]);
        for (let j = at; j < end; j += 1) parts[j - at] = text[flat[j]];
        items[i][key] = parts.join("");
        at = end;
      }
      return;
    }
    for (let i = 0; i < items.length; i += 1) {
      const cell = cells[i];
      if (cell === null) continue;
      if (kind === "n") items[i][key] = cell;
      else items[i][key] = typeof text[cell] === "string" ? text[cell] : structuredClone(text[cell]);
    }
  });
  return items;
}

function savePng(network, root, scale, filename) {
  // Redraw the live canvas at `scale` times the screen's pixel ratio, copy it onto white, restore.
  const canvas = network.canvas;
  const screen = canvas._determinePixelRatio();
  canvas._determinePixelRatio = () => screen * scale;
  let copy;
  try {
    network.redraw();
    const drawn = root.querySelector("canvas");
    copy = document.createElement("canvas");
    copy.width = drawn.width;
    copy.height = drawn.height;
    const ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(drawn, 0, 0);
  } finally {
    delete canvas._determinePixelRatio;
    network.redraw();
  }
  copy.toBlob((blob) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }, "image/png");
}

function create(vis, root, data, options, nodeItems, edgeItems, setTriggerValue) {
  // The instance is built with its first view's items: adding 5,000 nodes and 13,000 ties to an empty
  // network afterwards made vis-network redraw and re-run its (disabled) simulation over them again.
  const nodes = new vis.DataSet(nodeItems);
  const edges = new vis.DataSet(edgeItems);
  const box = root.querySelector(".pa-network-canvas");
  box.style.height = `${data.height}px`;
  const network = new vis.Network(box, { nodes, edges }, options);
  network.on("click", (event) => {
    if (event.nodes.length) setTriggerValue("node", String(event.nodes[0]));
    else if (event.edges.length) setTriggerValue("edge", String(event.edges[0]));
  });
  root.querySelector(".pa-save-png").addEventListener("click", () => {
    savePng(network, box, data.png_scale, data.png_name);
  });
  root.paNetwork = network; // for the browser tests and benchmarks: the one instance this element holds
  return { network, nodes, edges, options: JSON.stringify(options) };
}

export default async function ({ data: sent, parentElement, setTriggerValue }) {
  // network.py sends bytes of JSON: {"view": the drawing, then the page's settings}.
  const data = JSON.parse(new TextDecoder().decode(sent));
  const view = data.view;
  const root = parentElement.querySelector(".pa-network");
  // A blob: module has no base URL of its own: resolve the script against the page.
  library = library || import(new URL(data.script, window.location.href).href);
  const vis = await library;
  const nodes = unpack(view.nodes, view.text);
  const edges = unpack(view.edges, view.text);
  let graph = networks.get(parentElement);
  if (!graph) {
    graph = create(vis, root, data, view.options, nodes, edges, setTriggerValue);
    networks.set(parentElement, graph);
  } else {
    const options = JSON.stringify(view.options);
    if (options !== graph.options) {
      graph.network.setOptions(view.options); // setOptions re-styles every item: only when they changed
      graph.options = options;
    }
    // A filter change: edges that left go first, so no edge is left pointing at a removed node; then the
    // nodes; then the edges are added or updated (a tie's ends never change: its id is its rel_id).
    removeGone(graph.edges, edges);
    removeGone(graph.nodes, nodes);
    graph.nodes.update(nodes);
    graph.edges.update(edges);
  }
  graph.network.fit({ animation: false });
  const box = root.querySelector(".pa-network-canvas");
  box.setAttribute("role", "img"); // read as its summary (and the table beneath), not as a canvas
  box.setAttribute("aria-label", data.summary);
  root.dataset.nodeCount = String(nodes.length);
  root.dataset.edgeCount = String(edges.length);
  return () => {
    graph.network.destroy();
    networks.delete(parentElement);
  };
}
