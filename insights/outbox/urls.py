from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("", views.OutboxMessageListView.as_view(), name="message_list"),
]
