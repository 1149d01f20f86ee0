from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from api.views import cases, docs, tasks

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("tasks/", tasks.TaskList.as_view(), name="tasks"),
    path("tasks/<int:pk>/", tasks.TaskDetail.as_view(), name="task"),
    path("tasks/<int:pk>/corrected/", tasks.TaskCorrected.as_view(), name="task-corrected"),
    path("tasks/<int:pk>/not-affected/", tasks.TaskNotAffected.as_view(), name="task-not-affected"),
    path("tasks/<int:pk>/disputed/", tasks.TaskDisputed.as_view(), name="task-disputed"),
    path("tasks/<int:pk>/evidence/", tasks.TaskEvidence.as_view(), name="task-evidence"),
    path("cases/", cases.CaseList.as_view(), name="cases"),
    path("cases/<str:number>/", cases.CaseDetail.as_view(), name="case"),
    path("cases/<str:number>/history/", cases.CaseHistory.as_view(), name="case-history"),
    path(
        "cases/<str:number>/attachments/", cases.CaseAttachments.as_view(), name="case-attachments"
    ),
    path(
        "cases/<str:number>/attachments/<int:pk>/",
        cases.CaseAttachmentContent.as_view(),
        name="case-attachment",
    ),
    # Last: whatever matched nothing above answers as the API does (problem+json).
    re_path(r"^(?P<rest>[\s\S]*)\Z", docs.api_not_found),
]
