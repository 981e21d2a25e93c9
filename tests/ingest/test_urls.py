from hypothesis import given
from hypothesis import strategies as st

from claimwatch.ingest.urls import (
    article_id_for_url,
    canonical_url,
    is_web_url,
    url_key,
)


def test_canonical_url_strips_tracking_parameters_and_fragment():
    url = "https://News.Example.com/a/b?utm_source=tw&id=7&fbclid=XYZ&utm_medium=social#comments"
    assert canonical_url(url) == "https://news.example.com/a/b?id=7"


def test_canonical_url_normalises_scheme_host_port_and_empty_path():
    assert canonical_url("HTTP://Example.COM:80") == "http://example.com/"
    assert canonical_url("https://example.com:443/x") == "https://example.com/x"
    assert canonical_url("https://example.com:8443/x") == "https://example.com:8443/x"


def test_canonical_url_sorts_remaining_parameters():
    assert canonical_url("https://a.example/s?b=2&a=1") == canonical_url(
        "https://a.example/s?a=1&b=2"
    )


def test_canonical_url_normalises_percent_escapes():
    assert (
        canonical_url("https://a.example/%7euser/caf%c3%a9") == "https://a.example/~user/caf%C3%A9"
    )


def test_url_key_treats_http_https_and_www_as_one_page():
    assert url_key("http://www.a.example/x") == url_key("https://a.example/x?utm_campaign=z")
    assert article_id_for_url("http://www.a.example/x") == article_id_for_url("https://a.example/x")


def test_url_key_keeps_different_pages_apart():
    assert url_key("https://a.example/x?id=1") != url_key("https://a.example/x?id=2")
    assert url_key("https://a.example/x") != url_key("https://b.example/x")


def test_is_web_url_accepts_only_http_and_https_with_a_host():
    assert is_web_url("https://a.example/x")
    assert not is_web_url("ftp://a.example/x")
    assert not is_web_url("file:///etc/passwd")
    assert not is_web_url("https://")
    assert not is_web_url("notes/page.html")


@given(st.text(alphabet="abc/?=&#%._-~", max_size=30))
def test_canonical_url_is_idempotent(path):
    url = canonical_url("https://a.example/" + path)
    assert canonical_url(url) == url
