from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from netvaerk.pdf import pdf_response

from . import access, pamphlets, selectors
from .models import RoleDescription

PAGE_SIZE = 50


def role_list(request):
    roles = RoleDescription.objects.all()
    return render(request, "roles/role_list.html", {"roles": roles})


def role_detail(request, slug):
    role = access.get_role_for_user(request.user, slug)
    ctx = {
        "role": role,
        "responsibilities": role.responsibilities.all(),
        "can_edit": access.can_edit_catalogue(request.user),
    }
    ctx.update(selectors.role_extras(role))
    return render(request, "roles/role_detail.html", ctx)


def person_list(request):
    q = request.GET.get("q", "").strip()[:100]
    people = access.people_visible_to(request.user).with_related()
    if q:
        people = people.filter(
            Q(user__first_name__icontains=q)
            | Q(user__last_name__icontains=q)
            | Q(user__username__icontains=q)
            | Q(title__icontains=q)
            | Q(department__name__icontains=q)
        )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "roles/person_list.html", {"page": page, "q": q})


def pamphlet_list(request):
    return render(
        request,
        "roles/pamphlet_list.html",
        {"roles": pamphlets.pamphlet_roles()},
    )


def pamphlet_pdf(request, slug, fmt):
    role = access.get_role_for_user(request.user, slug)
    if role.key not in pamphlets.PAMPHLET_ROLES or fmt not in pamphlets.FORMATS:
        raise Http404
    html = pamphlets.pamphlet_html(role, fmt=fmt)
    return pdf_response(
        request,
        html,
        filename=pamphlets.pamphlet_filename(role, fmt),
        variant=fmt,
        postprocess=pamphlets.postprocess_for(fmt),
    )
