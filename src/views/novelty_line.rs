//! One line saying how typical a feature vector is for the model: "more unusual than 99.3%
//! of the catalog; bb_kt outside the training range" (details panel, what-if editor).

use crate::ctx::Ctx;
use leptos::prelude::*;
use xclass_core::novelty::Novelty;
use xclass_core::FeatureVector;

/// The novelty of `x` under the app's model.
pub fn novelty_of(ctx: Ctx, x: &FeatureVector) -> Novelty {
    let model = ctx.model.get().model.0.clone();
    let reference = crate::science::novelty_reference(ctx);
    Novelty::classify(&model, &reference, std::slice::from_ref(x)).1[0]
}

#[component]
pub fn NoveltyLine(#[prop(into)] features: Signal<Option<FeatureVector>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || {
        features.get().map(|x| {
            let n = novelty_of(ctx, &x);
            view! {
                <p class="novelty" data-testid="novelty-line"
                    title=format!("ln p(x) = {:.3} under the mixture; class entropy {:.3} nats; top-two margin {:.3}", n.log_density, n.entropy, n.margin)>
                    "Novelty: "{n.describe()}
                </p>
            }
        })
    }
}
