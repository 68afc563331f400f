"""The pages of the app, in menu order, for the sidebar menu and links between them."""

BRIEFING = "app.py"
NETWORK = "pages/1_Network.py"
TIMELINE = "pages/2_Timeline.py"
ATTRIBUTION = "pages/3_Attribution.py"
ACTORS = "pages/4_Actors.py"
MAP = "pages/5_Map.py"
SOURCES = "pages/6_Sources.py"
DATA = "pages/7_Data.py"
CHANGES = "pages/8_What_changed.py"

# (page, label, icon): icons are Material Symbols, which Streamlit serves itself (no emoji font needed).
MENU = [
    (BRIEFING, "Briefing", ":material/summarize:"),
    (NETWORK, "Network", ":material/hub:"),
    (TIMELINE, "Timeline", ":material/timeline:"),
    (ATTRIBUTION, "Attribution", ":material/balance:"),
    (ACTORS, "Actors", ":material/groups:"),
    (MAP, "Map", ":material/map:"),
    (SOURCES, "Sources", ":material/menu_book:"),
    (DATA, "Data", ":material/database:"),
    (CHANGES, "What changed", ":material/difference:"),
]
