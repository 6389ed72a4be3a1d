"""The equity pages, under /careers/equity/ (namespace careers:equity), one module per
audience: `public` (the reports, trends, workforce, plans, pipeline and recommendations, for
everyone) and `analysts` (survey analysts: imports, reference groups, recording
recommendations and their actions). `_common` holds what both share."""
