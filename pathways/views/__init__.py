"""The career map's public pages and open data, one module per page: `directory` (the
list of roles), `roles` (a role's page), `map_page` (the whole map), `route_finder` (routes to a
role, as a page and JSON) and `open_data` (the map as JSON and CSV)."""
