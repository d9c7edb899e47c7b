from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.ZoneDashboardView.as_view(), name="zone"),
    path("export.xlsx", views.ZoneDashboardExportView.as_view(), name="zone_export"),
    path("ranking/", views.RankingView.as_view(), name="ranking"),
    path("ranking/export.xlsx", views.RankingExportView.as_view(), name="ranking_export"),
    path("meetings/<int:pk>/targets/", views.MeetingTargetsView.as_view(), name="meeting_targets"),
]
