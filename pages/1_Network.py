"""Network: sponsors, proxies and the ties among them (pyvis, laid out in Python)."""

from datetime import date

import streamlit as st

from dashboard import context, widgets
from proxyatlas import graph, palette

MAX_NODES = 2000

page = context.setup("Network")
edges = page.query("network/edges", as_of=None)
nodes = page.query("network/nodes")
names = dict(zip(nodes["actor_id"], nodes["name"]))

with st.expander("View", expanded=True):
    c1, c2, c3, c4 = st.columns([2, 1, 2, 2])
    focus = c1.selectbox("Focus on an actor", [None, *sorted(names, key=names.get)], key="net_focus",
                         format_func=lambda a: "Whole network" if a is None else names[a])
    hops = c2.select_slider("Hops", [1, 2, 3], value=2, key="net_hops", disabled=focus is None)
    measure = c3.radio("Node size by", ["degree", "betweenness"], horizontal=True, key="net_measure",
                       format_func=str.capitalize)
    as_of = c4.date_input("As of (ties standing that day)", value=None, key="net_as_of",
                          min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
    p1, p2 = st.columns(2)
    path_a = p1.selectbox("How are A and B connected? A", [None, *sorted(names, key=names.get)], key="net_a",
                          format_func=lambda a: "—" if a is None else names[a])
    path_b = p2.selectbox("B", [None, *sorted(names, key=names.get)], key="net_b",
                          format_func=lambda a: "—" if a is None else names[a])

if as_of is not None:
    edges = page.query("network/edges", as_of=as_of)
G = graph.build_graph(nodes, edges)
note = ""
if path_a and path_b and path_a != path_b:
    G, paths = graph.connections(G, path_a, path_b)
    if paths:
        st.success(f"{len(paths)} shortest path(s) of {len(paths[0]) - 1} step(s) between "
                   f"{names[path_a]} and {names[path_b]}.")
        for p in paths:
            st.text(" → ".join(names.get(n, n) for n in p))
    else:
        st.info(f"{names[path_a]} and {names[path_b]} are not connected in this view.")
elif focus:
    G = graph.ego(G, focus, hops)
    note = f"{hops}-hop network of {names[focus]}. "

scores = graph.centrality(G, measure)
G, dropped = graph.limit_nodes(G, MAX_NODES, scores)
if dropped:
    st.warning(f"{dropped} actor(s) with the lowest {measure} left out to keep the graph under {MAX_NODES} nodes; "
               "narrow the filters or focus on an actor to see them.")
st.caption(f"{note}{G.number_of_nodes()} actors, {G.number_of_edges()} ties. Arrows read 'source → target' "
           "(e.g. Iran sponsors Hezbollah); dashed ties are low confidence. Hover for sources.")

if G.number_of_nodes() == 0:
    st.info("No ties in this view. Widen the date window, lower the confidence or clear the sponsor filter.")
else:
    html = graph.cached_html(G, scores)
    st.iframe(html, height=680)

with st.expander("Legend", expanded=False):
    widgets.legend(palette.ACTOR_KINDS, "Actor kinds (node colour)")
    widgets.legend(palette.RELATIONSHIP_TYPES, "Tie types (edge colour)")

st.subheader("Ties shown, with their sources")
widgets.table(graph.edges_table(G), "network ties", key="net_edges")
context.footer(page)
