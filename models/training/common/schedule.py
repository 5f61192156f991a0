"""Learning-rate schedule pieces shared by the training scripts."""


def decay_factor(step, decay=None):
    """decay = (start, steps, final): 1 until step `start`, then linear to `final` over `steps` steps.
    None -> 1 (constant learning rate)."""
    if not decay:
        return 1.0
    start, steps, final = decay
    return 1.0 - (1.0 - final) * min(1.0, max(0.0, (step - start) / max(1, steps)))


def time_decay_factor(elapsed_s, minutes, decay_minutes, final):
    """By wall time, for runs whose step rate is not known beforehand (the GPU machine): 1 until the
    last `decay_minutes` of a `minutes`-long run, then linear down to `final` (and no lower)."""
    if decay_minutes <= 0:
        return 1.0
    begin = (minutes - decay_minutes) * 60
    if elapsed_s <= begin:
        return 1.0
    return max(final, 1.0 - (1.0 - final) * (elapsed_s - begin) / (decay_minutes * 60))
