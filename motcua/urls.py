from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from motcua.digitization import views as digitization_views

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
    path("resources/", include("motcua.resources.urls")),
    path("reports/", include("motcua.reporting.urls")),
    path("api/v1/", include("motcua.api.urls")),
]
