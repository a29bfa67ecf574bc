from .models import CoDriverProfile, Competence, RoleDescription


def role_extras(role):
    """The lists that belong to some roles' pages: competences, co-driver profiles."""
    if role.key == RoleDescription.Key.NETWORK_LEADER:
        return {"competences": Competence.objects.all()}
    if role.key == RoleDescription.Key.CO_DRIVER:
        return {"profiles": CoDriverProfile.objects.all()}
    return {}
