from django.urls import path

from motcua.citizens import views as citizen_views
from motcua.portal import account, account_notifications, mine, views

app_name = "portal"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("danh-gia/", views.rate, name="rate"),
]

# The citizen's own pages, mounted at /cong-dan/ by motcua/urls.py (namespace "citizen").
account_patterns = (
    [
        path("", account.home, name="home"),
        path("thu-tuc/", mine.procedures, name="procedures"),
        path("thu-tuc/<code:code>/", mine.procedure, name="procedure"),
        path("lien-thong/<code:code>/", mine.bundle, name="bundle"),
        path("lien-thong/<code:code>/nop/", mine.bundle_draft_start, name="bundle_draft_start"),
        path("ho-so-lien-thong/<code:code>/", mine.filed_bundle, name="filing"),
        path("ho-so/<code:code>/", mine.dossier, name="dossier"),
        path("ho-so/<code:code>/ket-qua/<int:pk>/", mine.result, name="result"),
        path("ho-so/<code:code>/danh-gia/", mine.rate, name="rate"),
        path("ho-so/<code:code>/bo-sung/", mine.supplement, name="supplement"),
        path("nop/<int:pk>/", mine.draft, name="draft"),
        path("nop/moi/<code:code>/", mine.draft_start, name="draft_start"),
        path("thong-bao/", account_notifications.notifications_set, name="notifications"),
        path("dang-nhap/", account.sign_in_password, name="sign_in_password"),
        path("dang-xuat/", account.sign_out, name="sign_out"),
        path("vneid/", citizen_views.CitizenSignInStartView.as_view(), name="oidc_start"),
        path(
            "vneid/callback/",
            citizen_views.CitizenSignInCallbackView.as_view(),
            name="oidc_callback",
        ),
    ],
    "citizen",
)
