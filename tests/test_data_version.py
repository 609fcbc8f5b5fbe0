from elara.core import data_version


def test_bump_changes_the_version(state):
    with state.db.transaction() as session:
        before = data_version.current(session)
        bumped = data_version.bump(session)
    with state.db.transaction() as session:
        assert data_version.current(session) == bumped != before


def test_versions_are_read_once_per_session_and_follow_own_bump(state):
    with state.db.transaction() as session:
        first = data_version.versions(session)
        assert data_version.versions(session) is first  # remembered: no second query
        bumped = data_version.bump(session)
        assert data_version.seen(session) == bumped
    with state.db.reading() as session:
        assert data_version.seen(session) == bumped
