//! Codes from printed parts: one code column, or split 类/款/项 columns that
//! print only a row's own digits.

/// Joins split code parts, inheriting the parent's digits when a row prints
/// only its own (sparse 类/款/项 columns).
pub(crate) fn assemble_code(
    whole: Option<String>,
    parts: &[Option<String>],
    last_class: &mut Option<String>,
    last_section: &mut Option<String>,
) -> Option<String> {
    let code = if let Some(w) = whole.filter(|w| matches!(w.len(), 3 | 5 | 7)) {
        w
    } else if parts.len() >= 2 {
        match (
            parts.first().cloned().flatten(),
            parts.get(1).cloned().flatten(),
            parts.get(2).cloned().flatten(),
        ) {
            (Some(c), s, i) if c.len() == 3 => {
                let mut code = c;
                if let Some(s) = s {
                    code.push_str(&s);
                    if let Some(i) = i {
                        code.push_str(&i);
                    }
                }
                code
            }
            (None, Some(s), i) => {
                let mut code = last_class.clone()?;
                code.push_str(&s);
                if let Some(i) = i {
                    code.push_str(&i);
                }
                code
            }
            (None, None, Some(i)) => {
                let mut code = last_section.clone()?;
                code.push_str(&i);
                code
            }
            _ => return None,
        }
    } else {
        return None;
    };
    if !matches!(code.len(), 3 | 5 | 7) {
        return None;
    }
    *last_class = Some(code[..3].to_string());
    *last_section = (code.len() >= 5).then(|| code[..5].to_string());
    Some(code)
}
