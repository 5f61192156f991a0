"""Learning-rate schedule pieces shared by the training scripts."""


def decay_factor(step, decay=None):
    """decay = (start, steps, final): 1 until step `start`, then linear to `final` over `steps` steps.
    None -> 1 (constant learning rate)."""
    if not decay:
        return 1.0
    start, steps, final = decay
    return 1.0 - (1.0 - final) * min(1.0, max(0.0, (step - start) / max(1, steps)))
