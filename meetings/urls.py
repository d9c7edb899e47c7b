"""Mounted at the site root (devzone/urls.py): each path names its own
section, so that activities, meetings and directives each have
a URL of their own."""
from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/add/", views.ActivityCreateView.as_view(), name="activity_add"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/add/", views.MeetingCreateView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/directives/add/", views.DirectiveCreateView.as_view(), name="directive_add"),
    path("directives/", views.DirectiveListView.as_view(), name="directive_list"),
    path("directives/mine/", views.MyDirectiveListView.as_view(), name="directive_mine"),
    path("directives/<int:pk>/", views.DirectiveDetailView.as_view(), name="directive_detail"),
    path("directives/<int:pk>/edit/", views.DirectiveEditView.as_view(), name="directive_edit"),
    path("directives/<int:pk>/status/", views.DirectiveStatusView.as_view(), name="directive_status"),
    path("directives/<int:pk>/notes/add/", views.DirectiveNoteCreateView.as_view(), name="directive_note_add"),
]
