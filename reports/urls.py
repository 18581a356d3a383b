app_name = "reports"

# Pages arrive with the council-report issue (#6).
urlpatterns: list = []
