//! A row's printed amounts by column.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::column::ColumnId;
use crate::document::Value;

/// The printed amounts of one row by column, in column order, as a
/// `BTreeMap` would hold them.
///
/// A row holds a handful of amounts, and a `BTreeMap` allocates room for
/// eleven in its first node: most of a long document's memory once its
/// tables are read. This is a vector kept sorted by column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values {
    entries: Vec<(ColumnId, Value)>,
}

/// The entries of [`Values`], in column order.
pub type Iter<'a> = std::iter::Map<
    std::slice::Iter<'a, (ColumnId, Value)>,
    fn(&'a (ColumnId, Value)) -> (&'a ColumnId, &'a Value),
>;

impl Values {
    /// No amounts.
    pub fn new() -> Values {
        Values::default()
    }

    fn find(&self, column: &ColumnId) -> Result<usize, usize> {
        self.entries.binary_search_by(|(c, _)| c.cmp(column))
    }

    /// The amount printed in `column`.
    pub fn get(&self, column: &ColumnId) -> Option<&Value> {
        self.find(column).ok().map(|i| &self.entries[i].1)
    }

    /// The amount printed in `column`, to change.
    pub fn get_mut(&mut self, column: &ColumnId) -> Option<&mut Value> {
        self.find(column).ok().map(|i| &mut self.entries[i].1)
    }

    /// Whether `column` holds an amount.
    pub fn contains_key(&self, column: &ColumnId) -> bool {
        self.find(column).is_ok()
    }

    /// Puts `value` in `column`, returning what it held.
    pub fn insert(&mut self, column: ColumnId, value: Value) -> Option<Value> {
        match self.find(&column) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (column, value));
                None
            }
        }
    }

    /// Puts `value` in `column` unless it holds an amount already.
    pub fn insert_if_absent(&mut self, column: ColumnId, value: Value) {
        if let Err(i) = self.find(&column) {
            self.entries.insert(i, (column, value));
        }
    }

    /// Removes the amount of `column`.
    pub fn remove(&mut self, column: &ColumnId) -> Option<Value> {
        self.find(column).ok().map(|i| self.entries.remove(i).1)
    }

    /// How many columns hold an amount.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no column holds an amount.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The columns holding an amount, in order.
    pub fn keys(&self) -> impl Iterator<Item = &ColumnId> + '_ {
        self.entries.iter().map(|(c, _)| c)
    }

    /// The amounts, in column order.
    pub fn values(&self) -> impl Iterator<Item = &Value> + '_ {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The columns and their amounts, in column order.
    pub fn iter(&self) -> Iter<'_> {
        self.entries.iter().map(|(c, v)| (c, v))
    }
}

impl std::ops::Index<&ColumnId> for Values {
    type Output = Value;
    /// The amount of `column`; panics when it holds none, as a map does.
    fn index(&self, column: &ColumnId) -> &Value {
        self.get(column).expect("no value in this column")
    }
}

impl IntoIterator for Values {
    type Item = (ColumnId, Value);
    type IntoIter = std::vec::IntoIter<(ColumnId, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Values {
    type Item = (&'a ColumnId, &'a Value);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl FromIterator<(ColumnId, Value)> for Values {
    /// Of two amounts for one column, the last stays, as in a map.
    fn from_iter<I: IntoIterator<Item = (ColumnId, Value)>>(iter: I) -> Values {
        let mut values = Values::new();
        values.extend(iter);
        values
    }
}

impl Extend<(ColumnId, Value)> for Values {
    fn extend<I: IntoIterator<Item = (ColumnId, Value)>>(&mut self, iter: I) {
        for (c, v) in iter {
            self.insert(c, v);
        }
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (c, v) in self {
            map.serialize_entry(c, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Values, D::Error> {
        struct Map;
        impl<'de> Visitor<'de> for Map {
            type Value = Values;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of column ids to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Values, A::Error> {
                let mut values = Values::new();
                while let Some((c, v)) = a.next_entry::<ColumnId, Value>()? {
                    values.insert(c, v);
                }
                Ok(values)
            }
        }
        d.deserialize_map(Map)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::Amount;

    fn value(printed: &str) -> Value {
        Value::new(Amount::parse(printed).unwrap(), None, 1, None)
    }

    #[test]
    fn it_behaves_as_the_btreemap_it_replaces() {
        let columns = [
            ColumnId::Total,
            ColumnId::Amount,
            ColumnId::FiscalAppropriation,
            ColumnId::Amount,
            ColumnId::Total,
        ];
        let mut map = BTreeMap::new();
        let mut values = Values::new();
        for (i, c) in columns.into_iter().enumerate() {
            let v = value(&i.to_string());
            assert_eq!(values.insert(c, v.clone()), map.insert(c, v));
        }
        assert_eq!(values.len(), map.len());
        assert!(values.iter().eq(map.iter()));
        assert!(values.keys().eq(map.keys()));
        assert_eq!(values.get(&ColumnId::Amount), map.get(&ColumnId::Amount));
        assert_eq!(
            values.remove(&ColumnId::Total),
            map.remove(&ColumnId::Total)
        );
        assert!(!values.contains_key(&ColumnId::Total));
        values.insert_if_absent(ColumnId::Amount, value("9"));
        assert_eq!(values.get(&ColumnId::Amount), map.get(&ColumnId::Amount));
        let json = serde_json::to_string(&values).unwrap();
        assert_eq!(json, serde_json::to_string(&map).unwrap());
        assert_eq!(serde_json::from_str::<Values>(&json).unwrap(), values);
    }
}
