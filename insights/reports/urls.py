from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.BulletinListView.as_view(), name="bulletin_list"),
    path("bulletins/<int:year>/<int:month>/", views.BulletinDetailView.as_view(), name="bulletin_detail"),
    path("bulletins/<int:year>/<int:month>/export.xlsx", views.BulletinExportView.as_view(), name="bulletin_export"),
    path("dispatch/", views.DispatchSheetListView.as_view(), name="dispatch_list"),
    path("dispatch/<int:pk>/", views.DispatchSheetDetailView.as_view(), name="dispatch_detail"),
    path("assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("runs/", views.TaskRunListView.as_view(), name="run_list"),
    path("runs/add/", views.TaskRunCreateView.as_view(), name="run_add"),
    path("runs/<int:pk>/", views.TaskRunDetailView.as_view(), name="run_detail"),
]
