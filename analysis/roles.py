"""Who opens the analysis (REPORT-2). Scope by team is decided in analysis.selectors.scope."""

PERMISSIONS = {
    # The teams they lead (their team; a manager's whole department).
    "supervisor": ("analysis.view_analysis",),
    "sales_manager": ("analysis.view_analysis",),
    # Every team.
    "general_manager": ("analysis.view_analysis", "analysis.view_all_analysis"),
    "admin": (
        "analysis.view_analysis",
        "analysis.view_all_analysis",
        "analysis.refresh_analysis",
        "analysis.view_analysisrun",
    ),
}
