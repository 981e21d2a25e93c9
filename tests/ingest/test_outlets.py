from claimwatch.ingest.outlets import name_from_domain, outlet_for, registered_domain


def test_registered_domain_uses_the_public_suffix_list():
    assert registered_domain("https://news.bbc.co.uk/world") == "bbc.co.uk"
    assert registered_domain("https://www.example.com/a") == "example.com"


def test_registered_domain_of_hosts_under_no_public_suffix_keeps_two_labels():
    assert registered_domain("https://www.valdor-herald.example/a") == "valdor-herald.example"
    assert registered_domain("http://127.0.0.1:8000/a") == "127.0.0.1"


def test_outlet_for_prefers_the_name_the_source_gave():
    outlet = outlet_for("https://news.tv-kestrel.example/x", "TV Kestrel")
    assert (outlet.id, outlet.name, outlet.domain) == (
        "tv-kestrel.example",
        "TV Kestrel",
        "tv-kestrel.example",
    )


def test_outlet_for_derives_a_readable_name_from_the_domain():
    assert outlet_for("https://www.valdor-herald.example/a").name == "Valdor Herald"
    assert name_from_domain("tv-kestrel.example") == "Tv Kestrel"


def test_outlet_for_without_url_uses_a_slug_of_the_name():
    outlet = outlet_for(None, "The Morning  Post")
    assert (outlet.id, outlet.name) == ("the-morning-post", "The Morning Post")
    assert outlet_for(None, None) is None


def test_outlet_name_drops_section_and_slogan_parts():
    assert (
        outlet_for("https://rtv-valdor.example/a", "RTV Valdor News – Latest").name
        == "RTV Valdor News"
    )
    assert (
        outlet_for("https://news.tv-kestrel.example/a", "Kestrel News | TV Kestrel").name
        == "TV Kestrel"
    )
    assert outlet_for(None, "Continental Wire - Europe and markets").name == "Continental Wire"
    assert outlet_for(None, "Hyphen-ated Name").name == "Hyphen-ated Name"
