from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views

# The language switch works before logging in too.
urlpatterns = [
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Outside the language prefixes: monitoring asks one fixed address.
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", include("insights.workbench.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.StyledPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("projects/", include("projects.urls")),
    path("", include("meetings.urls")),
    path("dashboards/", include("insights.dashboards.urls")),
    path("reports/", include("insights.reports.urls")),
    path("supervision/", include("insights.supervision.urls")),
    path("outbox/", include("insights.outbox.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
