# The data-usage grid's nested LOOCV LASSO in R/glmnet, for comparison with the Node grid.
#
#   npx tsx scripts/bench-grid.ts --export DIR --step 8   # every 8th FOV count's profile matrices + node.csv
#   Rscript scripts/bench-grid-r.R DIR [GRID_CELLS (960)]  # runs every matrix listed in DIR/node.csv
#
# Per matrix: for each clone i, cv.glmnet(x[-i, ], y[-i], foldid = 1:(n-1), grouped = FALSE,
# type.measure = "mse"), prediction for clone i at lambda.min. Prints per-window times, the ratio
# R / Node on the same matrices, the projected R time of the whole 15 x 64 grid, the largest RMSE
# difference from Node, and a final JSON line.
suppressPackageStartupMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
grid_cells <- if (length(args) >= 2) as.integer(args[2]) else 960L
node <- read.csv(file.path(dir, "node.csv"), stringsAsFactors = FALSE)
files <- node$file

nested <- function(x, y) {
  n <- nrow(x)
  pred <- numeric(n)
  for (i in seq_len(n)) {
    fit <- cv.glmnet(x[-i, , drop = FALSE], y[-i], foldid = seq_len(n - 1), grouped = FALSE,
                     type.measure = "mse")
    pred[i] <- predict(fit, x[i, , drop = FALSE], s = "lambda.min")
  }
  sqrt(mean((pred - y)^2))
}

r_seconds <- 0
node_seconds <- 0
max_diff <- 0
for (f in files) {
  d <- read.csv(file.path(dir, f), check.names = FALSE)
  x <- as.matrix(d[, setdiff(names(d), c("clone", "potency")), drop = FALSE])
  y <- d$potency
  t0 <- proc.time()[["elapsed"]]
  rmse <- nested(x, y)
  r_seconds <- r_seconds + proc.time()[["elapsed"]] - t0
  row <- node[node$file == f, ]
  node_seconds <- node_seconds + row$ms / 1000
  max_diff <- max(max_diff, abs(rmse - row$rmse))
}
ratio <- r_seconds / node_seconds
projected <- r_seconds * grid_cells / length(files)
cat(sprintf("R %s, glmnet %s: %d of the grid's %d profile matrices\n", as.character(getRversion()),
            as.character(packageVersion("glmnet")), length(files), grid_cells))
cat(sprintf("R %.2f s, Node (1 thread) %.2f s on the same matrices: R / Node = %.1fx\n", r_seconds,
            node_seconds, ratio))
cat(sprintf("projected R time of the whole grid, 1 thread: %.1f s; largest |RMSE(R) - RMSE(Node)| = %.2g\n",
            projected, max_diff))
cat(sprintf('{"bench":"grid-r","matrices":%d,"rSeconds":%.3f,"nodeSeconds":%.3f,"ratio":%.2f,"projectedRGridSeconds":%.1f,"maxRmseDiff":%.3g}\n',
            length(files), r_seconds, node_seconds, ratio, projected, max_diff))
