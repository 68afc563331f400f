// The presenter view's keys: a Streamlit Custom Component v2 with no markup of its own. It listens on the
// page for ArrowRight / PageDown / Space (next) and ArrowLeft / PageUp (previous), Home and End, and sends
// the wanted slide number to Python as the trigger "slide"; Python puts it in the URL (&slide=N) and
// draws that section. Keys typed into a field (the sidebar's search, a picker) are left alone.

const current = new WeakMap(); // parentElement -> {slide, count}

function wanted(key, at, count) {
  if (key === "ArrowRight" || key === "PageDown" || key === " ") return Math.min(at + 1, count);
  if (key === "ArrowLeft" || key === "PageUp") return Math.max(at - 1, 1);
  if (key === "Home") return 1;
  if (key === "End") return count;
  return null;
}

export default function ({ data, parentElement, setTriggerValue }) {
  const first = !current.has(parentElement);
  current.set(parentElement, { slide: data.slide, count: data.count });
  if (!first) return undefined;
  const doc = parentElement.ownerDocument || document;
  const onKey = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable], [role='combobox'], [role='slider']")) return;
    const state = current.get(parentElement);
    const next = wanted(event.key, state.slide, state.count);
    if (next === null || next === state.slide) return;
    event.preventDefault();
    state.slide = next;
    setTriggerValue("slide", next);
  };
  doc.addEventListener("keydown", onKey);
  const root = parentElement.ownerDocument ? parentElement : parentElement.host;
  if (root && root.dataset) root.dataset.paSlideKeys = "ready"; // for the browser tests: the listener is on
  return () => {
    doc.removeEventListener("keydown", onKey);
    current.delete(parentElement);
  };
}
