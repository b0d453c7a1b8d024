// The analyst's view of one knowledge-base object, as `rampart intel get`
// prints it. The view itself (BuildObjectView, its JSON) lives in the store
// module (rampart/store/object_view.h) so the server's REST API answers with
// exactly what the command prints; this header adds the text rendering.
#pragma once

#include <string>

#include "rampart/store/object_view.h"

namespace rampart::cli {

using store::BuildObjectView;
using store::FirstParagraph;
using store::kMaxChainDepth;
using store::Neighbour;
using store::ObjectView;
using store::PrimaryExternalId;
using store::Relation;
using store::RenderObjectJson;
using store::SectionOrder;
using store::SectionTitle;

// Aligned, human-readable text (the `intel get` default), ending in '\n'.
std::string RenderObjectText(const ObjectView& view);

}  // namespace rampart::cli
