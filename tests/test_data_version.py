from elara.core import data_version


def test_bump_changes_the_version(state):
    with state.db.transaction() as session:
        before = data_version.current(session)
        bumped = data_version.bump(session)
    with state.db.transaction() as session:
        assert data_version.current(session) == bumped != before
