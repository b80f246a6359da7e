"""A customer's time zone from their US state and ZIP code, with no network look-up.

States that span two zones are split by 3-digit ZIP prefix where the split follows ZIP lines;
elsewhere the zone where most of the state's people live is used.
"""

STATE_ZONES = {
    "AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix",
    "AR": "America/Chicago", "CA": "America/Los_Angeles", "CO": "America/Denver",
    "CT": "America/New_York", "DE": "America/New_York", "DC": "America/New_York",
    "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
    "ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis",
    "IA": "America/Chicago", "KS": "America/Chicago", "KY": "America/New_York",
    "LA": "America/Chicago", "ME": "America/New_York", "MD": "America/New_York",
    "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
    "MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver",
    "NE": "America/Chicago", "NV": "America/Los_Angeles", "NH": "America/New_York",
    "NJ": "America/New_York", "NM": "America/Denver", "NY": "America/New_York",
    "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
    "OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York",
    "RI": "America/New_York", "SC": "America/New_York", "SD": "America/Chicago",
    "TN": "America/Chicago", "TX": "America/Chicago", "UT": "America/Denver",
    "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
    "WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver",
    "PR": "America/Puerto_Rico", "GU": "Pacific/Guam", "VI": "America/St_Thomas",
}

# 3-digit ZIP prefixes whose zone differs from their state's.
ZIP3_ZONES = {
    **{z: "America/Chicago" for z in ("324", "325")},  # Florida panhandle
    **{z: "America/New_York" for z in ("370", "373", "374", "376", "377", "378", "379")},  # East TN
    **{z: "America/Chicago" for z in ("420", "421", "422", "423", "424", "427")},  # West KY
    **{z: "America/Chicago" for z in ("463", "464", "476", "477")},  # NW and SW Indiana
    **{z: "America/Menominee" for z in ("498", "499")},  # Michigan's western UP
    **{z: "America/Denver" for z in ("586", "587", "588", "577")},  # SW North Dakota, W South Dakota
    **{z: "America/Denver" for z in ("690", "691", "692", "693")},  # W Nebraska
    **{z: "America/Denver" for z in ("677", "678", "679")},  # W Kansas
    "798": "America/Denver", "799": "America/Denver", "885": "America/Denver",  # El Paso
    "979": "America/Boise", "838": "America/Los_Angeles",  # E Oregon, N Idaho
    **{z: "America/Los_Angeles" for z in ("835",)},
}

ZIP3_STATES = {
    "0": "MA", "1": "NY", "2": "VA", "3": "FL", "4": "OH",
    "5": "MN", "6": "IL", "7": "TX", "8": "CO", "9": "CA",
}

DEFAULT_ZONE = "America/New_York"


def zone_for(state: str | None, zip_code: str | None) -> str:
    """The IANA zone for a US address; the ZIP refines the state where a state is split."""
    zip3 = (zip_code or "").strip()[:3]
    if zip3 in ZIP3_ZONES:
        return ZIP3_ZONES[zip3]
    if state and state.upper() in STATE_ZONES:
        return STATE_ZONES[state.upper()]
    if zip3[:1] in ZIP3_STATES:
        return STATE_ZONES[ZIP3_STATES[zip3[:1]]]
    return DEFAULT_ZONE
