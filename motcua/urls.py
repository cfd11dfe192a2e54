from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from motcua.citizens import eid_demo
from motcua.digitization import views as digitization_views
from motcua.portal.urls import account_patterns

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dossiers:worklist", permanent=False)),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("dossiers/", include("motcua.dossiers.urls")),
    path("dossiers/", include("motcua.digitization.urls")),
    path("dossiers/", include("motcua.warehouse.urls")),
    path("search/", digitization_views.search, name="search"),
    path("tra-cuu/", include("motcua.portal.urls")),
    path("cong-dan/", include(account_patterns)),
    # The stand-in e-ID provider: answers only with MOTCUA_EID_DEMO_PROVIDER on.
    path("eid-demo/o/", include(eid_demo.provider_urls)),
    path("eid-demo/dang-nhap/", eid_demo.login_view, name="eid_demo_login"),
    path("resources/", include("motcua.resources.urls")),
    path("reports/", include("motcua.reporting.urls")),
    path("api/v1/", include("motcua.api.urls")),
]
