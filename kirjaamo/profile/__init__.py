"""The register profile: the YAML declaration the register enforces and the notice is built from.

    from kirjaamo.profile.lint import lint
    from kirjaamo.profile.loader import ProfileError, load_profile

    profile = load_profile("profiles/demo.yaml")   # raises ProfileError with located errors
    for finding in lint(profile):                   # warnings, each with its LEGAL.md rule ID
        print(finding.format(profile.file))
    profile.controller.name, profile.purposes[0].text.get("sv")

Modules: `schema` (the pydantic models, `Profile`), `loader` (YAML with located errors), `lint`
(findings), `rules` (rule IDs), `authority` (the supervisory authority's contact block),
`labels` (translated words for the fixed values: legal bases, retention events, …).
docs/profile.md describes the file format; `kirjaamo profile check FILE` runs load and lint.
"""
