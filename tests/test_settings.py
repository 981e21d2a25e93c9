import pytest

from claimwatch.errors import ConfigError
from claimwatch.settings import SETTINGS, Settings, settings_markdown


def test_settings_from_env_reads_claimwatch_variables():
    s = Settings.from_env(
        {
            "CLAIMWATCH_DB": "x.db",
            "CLAIMWATCH_ALLOW_PRIVATE_URLS": "yes",
            "CLAIMWATCH_HOST_DELAY": "0.5",
        }
    )
    assert (s.db, s.allow_private_urls, s.host_delay) == ("x.db", True, 0.5)


def test_settings_explicit_overrides_beat_the_environment():
    assert Settings.from_env({"CLAIMWATCH_DB": "x.db"}, db="y.db").db == "y.db"


def test_settings_bad_value_names_the_variable():
    with pytest.raises(ConfigError, match="CLAIMWATCH_FETCH_RETRIES"):
        Settings.from_env({"CLAIMWATCH_FETCH_RETRIES": "many"})


def test_settings_exempt_hosts_are_split_and_lower_cased():
    s = Settings.from_env({"CLAIMWATCH_ROBOTS_EXEMPT_HOSTS": "My.Site.example, other.example"})
    assert s.exempt_hosts() == frozenset({"my.site.example", "other.example"})


def test_settings_docs_list_every_setting():
    doc = settings_markdown()
    assert all(s.env in doc for s in SETTINGS)


def test_settings_docs_file_is_up_to_date():
    from pathlib import Path

    doc = Path(__file__).parents[1] / "docs" / "SETTINGS.md"
    assert doc.read_text(encoding="utf-8") == settings_markdown(), (
        "regenerate with: python -m claimwatch.settings > docs/SETTINGS.md"
    )
