//! VOTable input: the first table of the first resource, TABLEDATA, BINARY or BINARY2,
//! read row by row without holding the table.

use super::cell::RawBatch;
use super::error::{ErrorKind, Position, TableError};
use serde::de::DeserializeSeed;
use std::io::BufRead;
use votable::data::tabledata::FieldIteratorUnbuffered;
use votable::error::VOTableError;
use votable::impls::b64::read::BinaryDeserializer;
use votable::impls::{Schema, VOTableValue};
use votable::iter::{OwnedBinary1or2RowIterator, OwnedTabledataRowIterator, SimpleVOTableRowIterator};
use votable::table::TableElem;
use votable::data::TableOrBinOrBin2;

enum Rows<R: BufRead> {
    TableData(Box<OwnedTabledataRowIterator<R>>),
    Binary { rows: Box<OwnedBinary1or2RowIterator<R>>, binary2: bool },
}

/// Rows of a VOTable.
pub(super) struct VoTableSource<R: BufRead> {
    file: String,
    rows: Rows<R>,
    schema: Vec<Schema>,
    /// Per FIELD, the TABLEDATA text that means null (`<VALUES null="…">`).
    nulls: Vec<Option<String>>,
    row: u64,
}

impl<R: BufRead> VoTableSource<R> {
    /// Reads up to the data; returns the source and the FIELD names.
    pub fn open(file: &str, input: R) -> Result<(VoTableSource<R>, Vec<String>), TableError> {
        let invalid = |e: VOTableError| TableError::file(file, ErrorKind::Malformed, format!("not a readable VOTable: {e}"));
        let it = SimpleVOTableRowIterator::from_reader(input).map_err(invalid)?;
        let fields: Vec<&votable::Field> = it
            .votable
            .get_first_table()
            .map(|t| t.elems.iter().filter_map(|e| if let TableElem::Field(f) = e { Some(f) } else { None }).collect())
            .unwrap_or_default();
        if fields.is_empty() {
            return Err(TableError::file(file, ErrorKind::Malformed, "the VOTable's table declares no FIELD"));
        }
        let names = fields.iter().map(|f| f.name.clone()).collect();
        let nulls = fields.iter().map(|f| f.values.as_ref().and_then(|v| v.null.clone())).collect();
        let schema = fields.iter().map(|f| Schema::from(*f)).collect();
        let rows = match it.data_type() {
            TableOrBinOrBin2::TableData => Rows::TableData(Box::new(it.to_owned_tabledata_row_iterator())),
            TableOrBinOrBin2::Binary => Rows::Binary { rows: Box::new(it.to_owned_binary_row_iterator()), binary2: false },
            TableOrBinOrBin2::Binary2 => Rows::Binary { rows: Box::new(it.to_owned_binary2_row_iterator()), binary2: true },
            TableOrBinOrBin2::Fits(_) => {
                return Err(TableError::file(file, ErrorKind::UnknownFormat, "VOTable with FITS data is not supported"))
            }
        };
        Ok((VoTableSource { file: file.to_string(), rows, schema, nulls, row: 0 }, names))
    }

    /// Appends the next row to `batch`; `false` at the end of the table.
    pub fn read_into(&mut self, batch: &mut RawBatch) -> Result<bool, TableError> {
        let raw = match &mut self.rows {
            Rows::TableData(it) => it.next(),
            Rows::Binary { rows, .. } => rows.next(),
        };
        let Some(raw) = raw else { return Ok(false) };
        self.row += 1;
        let at = Position::Row(self.row);
        let malformed = |e: VOTableError| TableError::at(&self.file, at, ErrorKind::Malformed, e.to_string());
        let raw = raw.map_err(malformed)?;
        match &self.rows {
            Rows::TableData(_) => batch.push_text(at, self.tabledata_cells(at, &raw)?),
            Rows::Binary { binary2, .. } => batch.push_values(at, self.binary_cells(&raw, *binary2).map_err(malformed)?),
        }
        Ok(true)
    }

    fn tabledata_cells(&self, at: Position, raw: &[u8]) -> Result<Vec<String>, TableError> {
        std::str::from_utf8(raw)
            .map_err(|_| TableError::at(&self.file, at, ErrorKind::Binary, "not valid UTF-8 text (binary data?)"))?;
        let mut cells = FieldIteratorUnbuffered::new(raw)
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| TableError::at(&self.file, at, ErrorKind::Malformed, e.to_string()))?;
        if cells.len() != self.schema.len() {
            let msg = format!("{} cells, but the table declares {} FIELDs", cells.len(), self.schema.len());
            return Err(TableError::at(&self.file, at, ErrorKind::Ragged, msg));
        }
        for (cell, null) in cells.iter_mut().zip(&self.nulls) {
            if null.as_deref() == Some(cell.trim()) {
                cell.clear();
            }
        }
        Ok(cells)
    }

    fn binary_cells(&self, raw: &[u8], binary2: bool) -> Result<Vec<VOTableValue>, VOTableError> {
        let flag_bytes = if binary2 { self.schema.len().div_ceil(8) } else { 0 };
        let (flags, data) = raw.split_at(flag_bytes.min(raw.len()));
        let mut de = BinaryDeserializer::new(data);
        let mut cells = Vec::with_capacity(self.schema.len());
        for (i, s) in self.schema.iter().enumerate() {
            let v = s.deserialize(&mut de)?;
            let null = flags.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0);
            cells.push(if null { VOTableValue::Null } else { v });
        }
        Ok(cells)
    }
}
