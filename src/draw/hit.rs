//! Which drawn point is under the mouse: a screen-space grid over the points of the last draw.

/// Points as drawn (device pixels) with the row each came from.
#[derive(Default)]
pub struct Drawn {
    pub xy: Vec<(f32, f32)>,
    pub row: Vec<u32>,
    grid: Option<Grid>,
}

struct Grid {
    cell: f32,
    cols: usize,
    rows: usize,
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Drawn {
    /// Forgets the points of the previous draw.
    pub fn clear(&mut self) {
        self.xy.clear();
        self.row.clear();
        self.grid = None;
    }

    /// Records a drawn point.
    pub fn push(&mut self, x: f32, y: f32, row: u32) {
        self.xy.push((x, y));
        self.row.push(row);
    }

    fn build_grid(&mut self, width: u32, height: u32) {
        let xy = &self.xy;
        self.grid.get_or_insert_with(|| {
            let cell = 16.0;
            let cols = (width as f32 / cell).ceil() as usize + 1;
            let rows = (height as f32 / cell).ceil() as usize + 1;
            let key = |(x, y): (f32, f32)| {
                let c = ((x / cell).max(0.0) as usize).min(cols - 1);
                let r = ((y / cell).max(0.0) as usize).min(rows - 1);
                r * cols + c
            };
            let mut starts = vec![0u32; cols * rows + 1];
            for &p in xy {
                starts[key(p) + 1] += 1;
            }
            for i in 1..starts.len() {
                starts[i] += starts[i - 1];
            }
            let mut fill = starts.clone();
            let mut items = vec![0u32; xy.len()];
            for (i, &p) in xy.iter().enumerate() {
                let k = key(p);
                items[fill[k] as usize] = i as u32;
                fill[k] += 1;
            }
            Grid { cell, cols, rows, starts, items }
        });
    }

    /// The row of the drawn point nearest (x, y) within `max_px`; later-drawn points win ties
    /// (they are on top).
    pub fn nearest(&mut self, width: u32, height: u32, x: f32, y: f32, max_px: f32) -> Option<u32> {
        self.build_grid(width, height);
        let g = self.grid.as_ref().expect("built");
        let (c0, r0) = ((x / g.cell) as i64, (y / g.cell) as i64);
        let reach = (max_px / g.cell).ceil() as i64;
        let mut best: Option<(f32, u32)> = None;
        for r in (r0 - reach).max(0)..=(r0 + reach).min(g.rows as i64 - 1) {
            for c in (c0 - reach).max(0)..=(c0 + reach).min(g.cols as i64 - 1) {
                let k = r as usize * g.cols + c as usize;
                for &i in &g.items[g.starts[k] as usize..g.starts[k + 1] as usize] {
                    let (px, py) = self.xy[i as usize];
                    let d = (px - x).powi(2) + (py - y).powi(2);
                    if d <= max_px * max_px && best.is_none_or(|(bd, bi)| d < bd || (d == bd && i > bi)) {
                        best = Some((d, i));
                    }
                }
            }
        }
        best.map(|(_, i)| self.row[i as usize])
    }
}
