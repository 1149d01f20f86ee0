from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def home(request):
    return render(request, "loket/home.html")


@login_required
def backoffice_home(request):
    return render(request, "loket/backoffice_home.html")
