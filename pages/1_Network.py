"""Network: sponsors, proxies and the ties among them (pyvis, laid out in Python)."""

import streamlit as st

from dashboard import context, widgets
from proxyatlas import graph, palette
from proxyatlas.filters import EARLIEST, LATEST
from proxyatlas.text import md

MAX_NODES = 2000

page = context.setup("Network")
nodes = page.query("network/nodes")
names = dict(zip(nodes["actor_id"], nodes["name"]))
by_name = sorted(names, key=names.get)

with st.expander("View", expanded=True):
    c1, c2, c3, c4 = st.columns([2, 1, 2, 2])
    focus = c1.selectbox("Focus on an actor", [None, *by_name], key="net_focus",
                         format_func=lambda a: "Whole network" if a is None else names[a])
    hops = c2.select_slider("Hops", [1, 2, 3], value=2, key="net_hops", disabled=focus is None)
    measure = c3.radio("Node size by", ["degree", "betweenness"], horizontal=True, key="net_measure",
                       format_func=str.capitalize)
    as_of = c4.date_input("As of (ties standing that day)", value=None, key="net_as_of",
                          min_value=EARLIEST, max_value=LATEST)
    p1, p2 = st.columns(2)
    path_a = p1.selectbox("How are A and B connected? A", [None, *by_name], key="net_a",
                          format_func=lambda a: "—" if a is None else names[a])
    path_b = p2.selectbox("B", [None, *by_name], key="net_b", format_func=lambda a: "—" if a is None else names[a])

between = (path_a, path_b) if path_a and path_b and path_a != path_b else None
settings = {"focus": None if between else focus, "hops": hops, "measure": measure, "between": between}
# The whole network (default filters) laid out once per data; large views keep its positions, so a
# filter change costs no layout and actors stay where they were.
def whole() -> dict[str, tuple[float, float]]:
    return page.snap.memo(("network-whole-layout",), lambda: graph.layout(graph.build_graph(
        page.snap.query("network/nodes", **page.default.params()),
        page.snap.query("network/edges", **page.default.params(), as_of=None))))


shown = page.cached(
    "network",
    lambda: graph.view(nodes, page.query("network/edges", as_of=as_of), max_nodes=MAX_NODES, base=whole,
                       **settings),
    as_of=as_of, **settings,
)

if between:
    a, b = (md(names[x]) for x in between)  # st.success and st.info render Markdown
    if shown.paths:
        st.success(f"{len(shown.paths)} shortest path(s) of {len(shown.paths[0]) - 1} step(s) between {a} and {b}.")
        for path in shown.paths:
            st.text(" → ".join(names.get(n, n) for n in path))
    else:
        st.info(f"{a} and {b} are not connected in this view.")
if shown.dropped:
    st.warning(f"{shown.dropped} actor(s) with the lowest {measure} left out to keep the graph under "
               f"{MAX_NODES} nodes; narrow the filters or focus on an actor to see them.")
note = f"{hops}-hop network of {md(names[focus])}. " if settings["focus"] else ""
st.caption(f"{note}{shown.nodes} actors, {shown.edges} ties. Arrows read 'source → target' "
           "(e.g. Iran sponsors Hezbollah); dashed ties are low confidence. Hover for sources.")

if shown.html is None:
    st.info("No ties in this view. Widen the date window, lower the confidence or clear the sponsor filter.")
else:
    st.iframe(shown.html, height=680)

with st.expander("Legend", expanded=False):
    widgets.legend(palette.ACTOR_KINDS, "Actor kinds (node colour)")
    widgets.legend(palette.RELATIONSHIP_TYPES, "Tie types (edge colour)")

st.subheader("Ties shown, with their sources")
widgets.table(shown.table, "network ties", key="net_edges")
context.footer(page)
