# Shelfie: photos for a second-hand marketplace. A seller's upload lands in
# S3; one planner announces it on a topic and four workers each make their
# own output in parallel (three renditions and a moderation verdict). A
# collector fires on every output and marks the photo ready once all four
# are there.

architecture "shelfie-photos" {
  description         = "Listing photo processing: fan-out to rendition workers, fan-in per photo"
  region              = "eu-west-1"
  account_concurrency = 3000
}

pattern "fan_out_fan_in" "renditions" {
  source = topic.photo_uploaded
  workers = [
    function.render_thumbnail,
    function.render_gallery,
    function.render_zoom,
    function.moderate_photo,
  ]
  collector = function.assemble_photo
  store     = bucket.renditions
}

workload "evening_listings" {
  entry    = bucket.originals
  rate     = 10
  arrival  = "poisson"
  duration = "1h"
  monthly  = 15000000
  payload  = "4MB"

  # a house-clearance seller uploads 300 photos at once
  burst {
    at   = "25m"
    rate = 60
    for  = "5m"
  }
}
