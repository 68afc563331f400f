"""Network: sponsors, proxies and the ties among them (laid out in Python, drawn by the network component)."""

import streamlit as st

from dashboard import context, network, pages, widgets
from proxyatlas import graph, graph_draw, graph_export, graph_svg, labels, marked, palette
from proxyatlas.filters import EARLIEST, LATEST
from proxyatlas.text import md

GRAPH_KEY = "net_graph"

page = context.setup("Network")
view = st.expander("View", expanded=True)
c1, c2, c3, c4, c5 = view.columns([2, 1, 2, 2, 2])
# Asked first, though last in its row: the ties of that day are then fetched side by side with the actors.
as_of = c5.date_input("As of (ties standing that day)", value=None, key="net_as_of",
                      min_value=EARLIEST, max_value=LATEST)
nodes, edges = page.queries(("network/nodes", {}), ("network/edges", {"as_of": as_of}))
names = dict(zip(nodes["actor_id"], nodes["name"]))
by_name = sorted(names, key=names.get)


def _select_clicked_actor() -> None:
    """A click on a node: that actor becomes the focus (its ego network), and any path question is cleared."""
    actor = network.clicked(GRAPH_KEY, "node")
    if actor in names:
        st.session_state.update(net_focus=actor, net_paths=False, net_a=None, net_b=None, net_tie=None)


def _select_clicked_tie() -> None:
    st.session_state["net_tie"] = network.clicked(GRAPH_KEY, "edge")


# The selected actor lives in the URL (actor=), so a shared link reopens it. The URL wins when it
# names another actor than this session last wrote there (a link was opened).
url_actor = st.query_params.get("actor")
if url_actor != st.session_state.get("net_url_actor"):
    st.session_state["net_focus"] = url_actor if url_actor in names else None
    st.session_state["net_url_actor"] = url_actor
if st.session_state.get("net_focus") not in (None, *names):
    st.session_state["net_focus"] = None

with view:
    focus = c1.selectbox("Focus on an actor", [None, *by_name], key="net_focus",
                         format_func=lambda a: "Whole network" if a is None else names[a])
    # Hops are asked only of a focused actor: no slider without one (a disabled one would be noise), and
    # persist_state keeps the chosen value while the slider is hidden.
    hops = c2.select_slider("Hops", [1, 2, 3], value=2, key="net_hops", persist_state="page") if focus else 2
    measure = c3.radio("Node size by", ["degree", "betweenness"], horizontal=True, key="net_measure",
                       format_func=str.capitalize)
    colour_by = c4.radio("Colour by", list(graph_draw.COLOUR_BY), horizontal=True, key="net_colour",
                         format_func=str.capitalize)
    # The two actor lists are asked for only when wanted: each holds every actor in view (up to 5,000
    # names), and drawing both was most of a large view's time in the browser.
    path_a = path_b = None
    if st.toggle("Find how two actors are connected", key="net_paths"):
        p1, p2 = st.columns(2)
        path_a = p1.selectbox("How are A and B connected? A", [None, *by_name], key="net_a",
                              format_func=lambda a: "—" if a is None else names[a])
        path_b = p2.selectbox("B", [None, *by_name], key="net_b",
                              format_func=lambda a: "—" if a is None else names[a])

if focus:
    st.query_params["actor"] = focus
elif "actor" in st.query_params:
    del st.query_params["actor"]
st.session_state["net_url_actor"] = focus

between = (path_a, path_b) if path_a and path_b and path_a != path_b else None
settings = {"focus": None if between else focus, "hops": hops, "measure": measure, "between": between,
            "colour_by": colour_by}


def whole() -> graph.Whole:
    """The whole network (default filters): its layout, communities and drawing, once per data version."""
    return page.snap.memo(("network-whole",), lambda: graph.whole_network(
        page.snap.query("network/nodes", **page.default.params()),
        page.snap.query("network/edges", **page.default.params(), as_of=None)), keep=True)


shown = page.cached(
    "network",
    lambda: graph.view(nodes, edges, communities=whole().communities,
                       base=lambda: whole().positions, catalogue=lambda: whole().catalogue, **settings),
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
               f"{graph.MAX_NODES} nodes; narrow the filters or focus on an actor to see them.")
note = f"{hops}-hop network of {md(names[focus])}. " if settings["focus"] else ""
st.caption(f"{note}{shown.nodes} actors, {shown.edges} ties. Arrows read 'source → target' "
           "(e.g. Iran sponsors Hezbollah); dashed ties are low confidence. Hover for details; "
           "click an actor for its network, a tie for its sources.")
if settings["focus"]:
    st.page_link(pages.ACTORS, label=f"Open the profile of {md(names[focus])}", icon=":material/person:",
                 query_params=page.link_params(actor=focus))

if shown.sent is None:
    st.info("No ties in this view. Widen the date window, lower the confidence or clear the sponsor filter.")
else:
    marking = widgets.ceiling()  # like the charts: the view's ties are all under the deployment's ceiling
    network.graph(shown, key=GRAPH_KEY, png_name=marked.file_name("network", marking, "png"),
                  on_node=_select_clicked_actor, on_edge=_select_clicked_tie)
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button("Save graph as SVG", data=lambda: marked.stamp_svg(graph_svg.draw(shown), marking),
                       file_name=marked.file_name("network", marking, "svg"), mime="image/svg+xml",
                       key="net_svg", on_click="ignore", icon=":material/download:")
    c2.download_button("Save graph as GraphML", data=lambda: graph_export.to_graphml(shown),
                       file_name=marked.file_name("network", marking, "graphml"),
                       mime="application/graphml+xml", key="net_graphml", on_click="ignore",
                       icon=":material/download:")

attrs = shown.tie(st.session_state.get("net_tie"))
if attrs:
    u, v = attrs["source"], attrs["target"]
    kind = palette.label(palette.RELATIONSHIP_TYPES, attrs.get("type") or "")
    with st.container(border=True, key="net_tie_box"):
        st.markdown(f"**{md(names.get(u, u))}** {md(kind)} **{md(names.get(v, v))}** · confidence "
                    f"{md(attrs.get('confidence') or 'unknown')} · {md(labels.briefing_date(attrs.get('start')) or 'unknown')} – "
                    f"{md(labels.briefing_date(attrs.get('end')) or 'ongoing')}")
        st.markdown(f"Sources: {md(labels.dates_in_text(attrs.get('sources')) or 'none recorded')}")

with st.expander("Legend", expanded=colour_by == "community"):
    if colour_by == "community":
        widgets.legend(graph_draw.community_legend(shown.communities, shown.actors),
                       "Communities (node colour), each named by its most central member; the smaller ones are grey")
    else:
        widgets.legend(palette.ACTOR_KINDS, "Actor kinds (node colour)")
    widgets.legend(graph_draw.tie_legend(), "Tie types (edge colour and arrowhead)")

st.subheader("Ties shown, with their sources")
widgets.table(shown.table, "network ties", key="net_edges", screened=shown.screen)
context.footer(page)
