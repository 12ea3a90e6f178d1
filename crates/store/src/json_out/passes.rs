//! The outermost object, written one member per pass: a pass that reads
//! its keys and serializes no value, then one pass per member in key order,
//! each serializing only its member, straight to the destination.

use std::io::Write;

use serde::ser::Serialize;

use super::{indent, put, At, Object, Pass, Result, Schema, Writer};

/// `value` as pretty JSON with sorted keys, filled from `schema` (node 0).
#[cfg(test)]
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T, schema: &Schema) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    to_writer(value, schema, &mut out)?;
    Ok(out)
}

/// The outermost value: the schema's root, at depth 0, the items of its
/// members' arrays written member by member.
const ROOT: At = At {
    node: Some(0),
    depth: 0,
    items: true,
};

/// Writes `value` as pretty JSON with sorted keys, filled from `schema`
/// (node 0). An outermost object is written member by member (see the
/// module's doc); any other value is buffered, then written.
pub(crate) fn to_writer<T: Serialize + ?Sized, W: Write>(
    value: &T,
    schema: &Schema,
    dest: &mut W,
) -> Result<()> {
    match keys_of(value, schema, ROOT)? {
        Some(keys) => by_member(value, schema, ROOT, &keys, dest),
        None => buffered(value, schema, dest),
    }
}

/// The keys of `value`'s members in serde's order, when it is a plain
/// object; a pass that serializes no member's value.
pub(super) fn keys_of<T: Serialize + ?Sized>(
    value: &T,
    schema: &Schema,
    at: At,
) -> Result<Option<Vec<String>>> {
    let mut w = Writer::new(schema, Pass::Keys(Vec::new()), None, at);
    value.serialize(&mut w)?;
    Ok(match w.pass {
        Pass::Keys(found) if w.top_object => Some(found),
        _ => None,
    })
}

/// Writes `value` whole from one buffer.
fn buffered<T: Serialize + ?Sized, W: Write>(
    value: &T,
    schema: &Schema,
    dest: &mut W,
) -> Result<()> {
    // A buffering writer streams nothing, whatever `items` says.
    let mut w = Writer::new(schema, Pass::Buffer, None, ROOT);
    value.serialize(&mut w)?;
    match w.top.take() {
        Some(frame) => Object {
            src: &w.out,
            base: 0,
            keys: &w.keys,
            entries: &w.entries[frame.entries..],
            props: schema.props(frame.node),
            depth: 0,
        }
        .write(dest),
        None => put(dest, &w.out),
    }
}

/// Writes the object `value` at `at`, whose members have `keys` in serde's
/// order: one pass per member, in key order, with the keys the schema
/// declares and it lacks.
pub(super) fn by_member<T: Serialize + ?Sized>(
    value: &T,
    schema: &Schema,
    at: At,
    keys: &[String],
    dest: &mut dyn Write,
) -> Result<()> {
    // Of members with one key, the last written stays, as in a map.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(b.cmp(&a)));
    order.dedup_by(|a, b| keys[*a] == keys[*b]);
    let props = schema.props(at.node);
    put(dest, b"{")?;
    let mut first = true;
    let mut head = |dest: &mut dyn Write, name: &str| -> Result<()> {
        put(dest, if first { b"\n" } else { b",\n" })?;
        first = false;
        indent(dest, at.depth + 1)?;
        serde_json::to_writer(&mut *dest, name)?;
        put(dest, b": ")
    };
    let (mut p, mut e) = (0, 0);
    while p < props.len() || e < order.len() {
        let (name, _, list) = props
            .get(p)
            .map_or(("", 0, false), |(n, i, l)| (&**n, *i, *l));
        match order.get(e).map(|&i| keys[i].as_str()) {
            Some(k) if p == props.len() || k <= name => {
                p += usize::from(k == name);
                head(dest, k)?;
                let pass = Pass::Member {
                    target: order[e],
                    seen: 0,
                };
                let mut w = Writer::new(schema, pass, Some(&mut *dest), at);
                value.serialize(&mut w)?;
                w.drain()?;
                e += 1;
            }
            _ => {
                p += 1;
                head(dest, name)?;
                put(dest, if list { b"[]" } else { b"null" })?;
            }
        }
    }
    if !first {
        put(dest, b"\n")?;
        indent(dest, at.depth)?;
    }
    put(dest, b"}")
}
