"""The similarity and calibration math, against vectors worked out by hand."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from scoring.encoder import length_groups
from scoring.similarity import (
    blend,
    cosine_matrix,
    hub_corrected,
    hubness,
    linear,
    normalize,
    soft_clip,
    span_means,
    weighted_grade,
    word_recall,
)


def f32(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float32)


def test_normalize_scales_rows_to_unit_length_and_keeps_zero_rows_zero() -> None:
    out = normalize(f32([[3, 4], [0, 0], [0, -2]]))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [[0.6, 0.8], [0, 0], [0, -1]], atol=1e-7)


def test_cosine_matrix_of_hand_computed_vectors() -> None:
    a = f32([[1, 0], [1, 1]])
    b = f32([[1, 0], [0, 2], [-3, 0]])
    half_root = round(1 / math.sqrt(2), 4)  # 0.7071
    expected = [[1.0, 0.0, -1.0], [half_root, half_root, -half_root]]
    sims = cosine_matrix(a, b)
    assert sims.shape == (2, 3)
    np.testing.assert_array_equal(sims, expected)


def test_cosine_matrix_is_rounded_so_float_noise_never_shows() -> None:
    sims = cosine_matrix(f32([[1, 2, 3]]), f32([[1, 2, 3.0001]]))
    assert sims[0, 0] == 1.0


def test_cosine_matrix_of_a_zero_row_is_zero_and_empty_inputs_give_empty_shapes() -> None:
    np.testing.assert_array_equal(cosine_matrix(f32([[0, 0]]), f32([[1, 0], [0, 1]])), [[0.0, 0.0]])
    assert cosine_matrix(np.zeros((0, 2), np.float32), f32([[1, 0]])).shape == (0, 1)
    assert cosine_matrix(f32([[1, 0]]), np.zeros((0, 2), np.float32)).shape == (1, 0)


def test_span_means_pools_token_rows_and_uses_the_fallback_for_empty_spans() -> None:
    tokens = f32([[1, 1], [1, -1], [0, 3]])
    pooled = span_means(tokens, [(0, 2), (2, 3), (1, 1)], fallback=np.array([0, 5], dtype=np.float32))
    # rows 0-1 average to (1, 0); row 2 is (0, 3); the empty span takes the fallback; all made unit length
    np.testing.assert_allclose(pooled, [[1, 0], [0, 1], [0, 1]], atol=1e-7)


def test_word_recall_is_the_mean_over_reference_words_of_their_best_match_in_the_answer() -> None:
    reference = f32([[1, 0], [0, 1]])
    answer = f32([[1, 0], [0.6, 0.8]])
    # reference word 1 finds (1, 0): 1; word 2 finds (0.6, 0.8): 0.8 -> mean 0.9
    assert word_recall(answer, reference) == pytest.approx(0.9)
    # recall, not precision: an answer that adds words of its own loses nothing
    assert word_recall(f32([[1, 0], [0, 1], [0.6, -0.8]]), reference) == pytest.approx(1.0)
    assert word_recall(f32([[1, 0]]), f32([]).reshape(0, 2)) == 0.0


def test_blend_weights_the_word_recall() -> None:
    assert blend(0.8, 0.6, 0.5) == pytest.approx(0.7)
    assert blend(0.8, 0.6, 0.0) == pytest.approx(0.8)


def test_linear_maps_unrelated_to_zero_and_paraphrase_to_the_top() -> None:
    assert linear(0.2, 0.2, 0.8) == pytest.approx(0.0)
    assert linear(0.5, 0.2, 0.8) == pytest.approx(50.0)
    assert linear(0.8, 0.2, 0.8) == pytest.approx(100.0)
    assert linear(0.8, 0.2, 0.8, at_high=90) == pytest.approx(90.0)


def test_linear_is_not_clipped_beyond_the_anchors() -> None:
    assert linear(0.9, 0.2, 0.8) == pytest.approx(0.7 / 0.6 * 100)
    assert linear(0.1, 0.2, 0.8) == pytest.approx(-0.1 / 0.6 * 100)


def test_linear_with_anchors_in_the_wrong_order_is_a_step() -> None:
    assert linear(0.5, 0.6, 0.5, at_high=90) == 90
    assert linear(0.49, 0.6, 0.5, at_high=90) == 0


def test_weighted_grade_of_equally_similar_samples_is_their_mean() -> None:
    assert weighted_grade(np.array([0.9, 0.9]), np.array([100.0, 0.0]), 0.1) == pytest.approx(50.0)


def test_weighted_grade_is_a_softmax_over_similarities() -> None:
    # weights e^0 and e^((0.8 - 0.9) / 0.1) = e^-1
    expected = 100 / (1 + math.exp(-1))
    assert weighted_grade(np.array([0.9, 0.8]), np.array([100.0, 0.0]), 0.1) == pytest.approx(expected)


def test_weighted_grade_at_a_low_temperature_takes_the_nearest_grade() -> None:
    grade = weighted_grade(np.array([0.5, 0.9, 0.7]), np.array([10.0, 80.0, 40.0]), 0.001)
    assert grade == pytest.approx(80.0)


def test_hubness_is_the_mean_of_the_k_best_cosines_to_unrelated_rows() -> None:
    vectors = f32([[1, 0]])
    unrelated = f32([[1, 0], [0, 1], [0.6, 0.8], [-1, 0]])  # cosines 1, 0, 0.6, -1
    assert hubness(vectors, unrelated, 2)[0] == pytest.approx(0.8)
    assert hubness(vectors, unrelated, 10)[0] == pytest.approx(0.15)  # k is capped at the 4 rows
    assert hubness(vectors, unrelated, 0)[0] == pytest.approx(1.0)  # k is at least 1


def test_hub_corrected_subtracts_half_of_each_sides_hubness() -> None:
    sims = np.array([[0.5, 0.3], [0.2, 0.9]])
    out = hub_corrected(sims, np.array([0.1, 0.2]), np.array([0.0, 0.4]))
    np.testing.assert_allclose(out, [[0.45, 0.05], [0.1, 0.6]], atol=1e-12)


def test_soft_clip_is_the_identity_inside_the_margins() -> None:
    for value in (10.0, 37.5, 90.0):
        assert soft_clip(value) == value


def test_soft_clip_tails_are_exponential() -> None:
    assert soft_clip(0.0) == pytest.approx(10 * math.exp(-1))
    assert soft_clip(100.0) == pytest.approx(100 - 10 * math.exp(-1))


def test_soft_clip_stays_within_bounds() -> None:
    for value in (-1e9, -500.0, -50.0, 150.0, 500.0, 1e9):
        assert 0.0 <= soft_clip(value) <= 100.0
    assert 0.0 < soft_clip(-50.0) < 10.0
    assert 90.0 < soft_clip(150.0) < 100.0


def test_soft_clip_is_monotone_and_keeps_the_order_beyond_the_ends() -> None:
    values = [soft_clip(v) for v in np.linspace(-150, 250, 4001)]
    assert all(b > a for a, b in itertools.pairwise(values))
    assert soft_clip(-20.0) > soft_clip(-30.0)
    assert soft_clip(9.999) == pytest.approx(10.0, abs=1e-3)
    assert soft_clip(90.001) == pytest.approx(90.0, abs=1e-3)


# --- batching answers by length --------------------------------------------------------------------------------


def test_length_groups_cover_every_index_once_sorted_by_length() -> None:
    lengths = [30, 12, 70, 13, 29, 31, 12, 68]
    groups = length_groups(lengths, max_size=32)
    flat = [i for group in groups for i in group]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths)


def test_length_groups_keep_padding_within_the_slack() -> None:
    lengths = [10, 10, 11, 40, 41, 42, 200]
    groups = length_groups(lengths, max_size=32, slack=1.25)
    assert groups == [[0, 1, 2], [3, 4, 5], [6]]
    for group in groups:
        assert max(lengths[i] for i in group) * len(group) <= 1.25 * sum(lengths[i] for i in group)


def test_length_groups_respect_the_batch_size() -> None:
    groups = length_groups([5] * 70, max_size=32)
    assert [len(g) for g in groups] == [32, 32, 6]
    assert length_groups([], max_size=32) == []
