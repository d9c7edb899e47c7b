"""Weekly dispatch, monthly bulletin and annual assessment (周调度、月通报、
年考核): produced by Celery tasks, kept in the database, shown in the app.

Like insights.dashboards this package sits above the apps: it reads them
through their selectors, and no app imports it.
"""
