//! `&mut Writer` as a serde `Serializer`, and the open arrays and objects
//! as its compound serializers.

use serde::ser::{self, Serialize};
use serde_json::Error;

use super::key::KeyWriter;
use super::{Obj, Result, Seq, Writer};

macro_rules! primitives {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<()> {
            self.primitive(v)
        }
    )*};
}

impl<'a, 's> ser::Serializer for &'a mut Writer<'s> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a, 's>;
    type SerializeTuple = Seq<'a, 's>;
    type SerializeTupleStruct = Seq<'a, 's>;
    type SerializeTupleVariant = Seq<'a, 's>;
    type SerializeMap = Obj<'a, 's>;
    type SerializeStruct = Obj<'a, 's>;
    type SerializeStructVariant = Obj<'a, 's>;

    primitives!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
        serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_f64: f64, serialize_char: char,
        serialize_str: &str);

    // A `Value` holds an f32 as an f64 and no integer beyond 64 bits.
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.primitive(f64::from(v))
    }

    fn serialize_i128(self, v: i128) -> Result<()> {
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(u), _) => self.primitive(u),
            (_, Ok(i)) => self.primitive(i),
            _ => Err(ser::Error::custom("number out of range")),
        }
    }

    fn serialize_u128(self, v: u128) -> Result<()> {
        let v = u64::try_from(v).map_err(|_| ser::Error::custom("number out of range"))?;
        self.primitive(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        let mut seq = self.seq(None);
        for b in v {
            seq.element(b)?;
        }
        seq.close()
    }

    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.primitive(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        let outer = self.begin_variant(variant);
        value.serialize(&mut *self)?;
        self.end_variant(outer)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a, 's>> {
        Ok(self.seq(None))
    }

    fn serialize_tuple(self, _: usize) -> Result<Seq<'a, 's>> {
        Ok(self.seq(None))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Seq<'a, 's>> {
        Ok(self.seq(None))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Seq<'a, 's>> {
        let outer = self.begin_variant(variant);
        Ok(self.seq(Some(outer)))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Obj<'a, 's>> {
        Ok(self.obj(None))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Obj<'a, 's>> {
        Ok(self.obj(None))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Obj<'a, 's>> {
        let outer = self.begin_variant(variant);
        Ok(self.obj(Some(outer)))
    }
}

macro_rules! seq_impl {
    ($($trait:ident: $method:ident),*) => {$(
        impl ser::$trait for Seq<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.element(value)
            }
            fn end(self) -> Result<()> {
                self.close()
            }
        }
    )*};
}

seq_impl!(SerializeSeq: serialize_element, SerializeTuple: serialize_element,
    SerializeTupleStruct: serialize_field, SerializeTupleVariant: serialize_field);

impl ser::SerializeMap for Obj<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        let start = self.w.keys.len();
        key.serialize(KeyWriter(&mut self.w.keys))?;
        self.key = (start, self.w.keys.len());
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.w.member(&self.frame, self.key, value)
    }

    fn end(self) -> Result<()> {
        self.close()
    }
}

macro_rules! struct_impl {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Obj<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<()> {
                let key = self.w.push_key(key);
                self.w.member(&self.frame, key, value)
            }
            fn end(self) -> Result<()> {
                self.close()
            }
        }
    )*};
}

struct_impl!(SerializeStruct, SerializeStructVariant);
