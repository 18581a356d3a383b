from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from common import views as common_views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="programs:catalogue", permanent=False), name="root"),
    path("accounts/", include("accounts.urls")),
    path("programs/", include("guarantees.applicant.catalogue_urls")),
    path("courses/", include("programs.courses.urls")),  # 디딤돌센터 교육 과정 (issue 13)
    path("guarantees/", include("guarantees.urls")),
    path("ledger/", include("ledger.urls")),
    path("org/", include("branches.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says (issue 19).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("foundation/logo", common_views.foundation_logo, name="foundation_logo"),
    path("", include("guarantees.bank.urls")),  # /api/bank/v1/ and its call log (issue 12)
]
