//! Identifier conventions: model names to Rust names.

/// `CreateUser` -> `create_user`, `MFADevices` -> `mfa_devices`, `text/csv` -> `text_csv`.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            out.push('_');
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    let parts: Vec<&str> = out.split('_').filter(|p| !p.is_empty()).collect();
    parts.join("_")
}

/// `userNameType` -> `UserNameType`; `IN_PROGRESS` -> `InProgress`.
pub fn upper_camel(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().any(|c| c.is_ascii_lowercase())
    {
        return name.to_string();
    }
    snake(name)
        .split('_')
        .map(|p| {
            let mut cs = p.chars();
            cs.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + cs.as_str()
            })
        })
        .collect()
}

/// Enum variant names always go through snake case so that `SERVICE_LEVEL` and `Users` read alike.
pub fn variant(value: &str) -> String {
    let s: String = snake(value)
        .split('_')
        .map(|p| {
            let mut cs = p.chars();
            cs.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + cs.as_str()
            })
        })
        .collect();
    if s.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        format!("V{s}")
    } else {
        s
    }
}

/// `userNameType` -> `USER_NAME_TYPE`.
pub fn screaming(name: &str) -> String {
    snake(name).to_ascii_uppercase()
}

/// The member path AWS prints in validation errors: `UserName` -> `userName`.
pub fn lower_camel(name: &str) -> String {
    let mut cs = name.chars();
    cs.next().map_or_else(String::new, |f| {
        f.to_ascii_lowercase().to_string() + cs.as_str()
    })
}

/// A snake-case field name that is not a Rust keyword.
pub fn field(name: &str) -> String {
    let s = snake(name);
    match s.as_str() {
        "type" | "match" | "ref" | "self" | "mod" | "use" | "fn" | "impl" | "loop" | "move"
        | "in" | "as" | "box" | "crate" | "dyn" | "enum" | "struct" | "trait" | "where"
        | "async" | "await" | "final" => format!("{s}_"),
        _ => s,
    }
}
