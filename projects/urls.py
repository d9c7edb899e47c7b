from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("export/<str:fmt>/", views.ProjectExportView.as_view(), name="project_export"),
    path("add/", views.ProjectCreateView.as_view(), name="project_add"),
    path("import/", views.ProjectImportView.as_view(), name="project_import"),
    path("import/template.xlsx", views.ProjectImportTemplateView.as_view(), name="project_import_template"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("<int:pk>/stage/", views.ProjectStageView.as_view(), name="project_stage"),
    path("<int:pk>/withdraw/", views.ProjectWithdrawView.as_view(), name="project_withdraw"),
    path("<int:pk>/reports/add/", views.ProgressReportCreateView.as_view(), name="progress_report_add"),
    path("reports/", views.ProgressReportListView.as_view(), name="progress_report_list"),
    path("confirmations/", views.StageChangeReviewView.as_view(), name="stage_change_review"),
    path(
        "confirmations/<int:pk>/confirm/",
        views.StageChangeDecisionView.as_view(decision="confirm"),
        name="stage_change_confirm",
    ),
    path(
        "confirmations/<int:pk>/reject/",
        views.StageChangeDecisionView.as_view(decision="reject"),
        name="stage_change_reject",
    ),
]
