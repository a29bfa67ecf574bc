"""A database trigger: a reference leader must lead a department.

A check constraint cannot look at another table, so the rule "the reference leader is a
manager" is a trigger on insert and update of a network role. Forms explain the rule first
(NetworkRole.clean, services.validate_network_role); this makes it hold for every writer.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER netvaerk_reference_leader_is_manager_insert
    BEFORE INSERT ON netvaerk_networkrole
    WHEN NEW.role = 'reference_leader'
      AND NOT EXISTS (SELECT 1 FROM roles_department WHERE manager_id = NEW.person_id)
    BEGIN
      SELECT RAISE(ABORT, 'reference leader must be a manager');
    END;
    """,
    """
    CREATE TRIGGER netvaerk_reference_leader_is_manager_update
    BEFORE UPDATE OF role, person_id ON netvaerk_networkrole
    WHEN NEW.role = 'reference_leader'
      AND NOT EXISTS (SELECT 1 FROM roles_department WHERE manager_id = NEW.person_id)
    BEGIN
      SELECT RAISE(ABORT, 'reference leader must be a manager');
    END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS netvaerk_reference_leader_is_manager_insert;",
    "DROP TRIGGER IF EXISTS netvaerk_reference_leader_is_manager_update;",
]

POSTGRESQL = [
    """
    CREATE FUNCTION netvaerk_reference_leader_is_manager() RETURNS trigger AS $$
    BEGIN
      IF NEW.role = 'reference_leader' AND NOT EXISTS (
        SELECT 1 FROM roles_department WHERE manager_id = NEW.person_id
      ) THEN
        RAISE EXCEPTION 'reference leader must be a manager' USING ERRCODE = '23514';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER netvaerk_reference_leader_is_manager
    BEFORE INSERT OR UPDATE OF role, person_id ON netvaerk_networkrole
    FOR EACH ROW EXECUTE FUNCTION netvaerk_reference_leader_is_manager();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS netvaerk_reference_leader_is_manager ON netvaerk_networkrole;",
    "DROP FUNCTION IF EXISTS netvaerk_reference_leader_is_manager();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    for sql in statements or []:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(
        schema_editor.connection.vendor
    )
    for sql in statements or []:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("netvaerk", "0001_initial"), ("roles", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
